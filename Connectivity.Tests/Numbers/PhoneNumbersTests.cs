using Connectivity.Domain.Numbers;
using CsCheck;

namespace Connectivity.Tests.Numbers;

public class PhoneNumbersTests
{
    private readonly PhoneNumbers _numbers = new();

    [Theory]
    [InlineData("4158867900")]
    [InlineData("14158867900")]
    [InlineData("+14158867900")]
    [InlineData("+1 (415) 886-7900")]
    [InlineData("1-415-886-7900")]
    [InlineData("415-886-7900")]
    [InlineData("415.886.7900")]
    public void Every_common_spelling_of_a_US_number_normalises_to_E164(string input)
    {
        Assert.True(_numbers.TryNormalize(input, out var e164));
        Assert.Equal("+14158867900", e164);
    }

    [Fact]
    public void A_number_with_a_country_code_keeps_its_country()
    {
        Assert.True(_numbers.TryNormalize("+44 20 7946 0958", out var e164));
        Assert.Equal("+442079460958", e164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("+")]
    [InlineData("123")]
    [InlineData("8867900")]
    [InlineData("+1 415 886 79001")]
    [InlineData("+999 1234567")]
    [InlineData("415-TEL-7900")]
    [InlineData("4158867900 ext 12")]
    [InlineData("+14158867900\n")]
    public void Anything_that_is_not_a_whole_phone_number_is_refused(string? input)
    {
        Assert.False(_numbers.TryNormalize(input, out var e164));
        Assert.Equal("", e164);
    }

    [Fact]
    public void The_default_region_decides_numbers_written_without_a_country_code()
    {
        var british = new PhoneNumbers(new PhoneNumberOptions { DefaultRegion = "GB" });

        Assert.True(british.TryNormalize("020 7946 0958", out var e164));
        Assert.Equal("+442079460958", e164);
    }

    [Fact]
    public void An_unknown_default_region_is_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => new PhoneNumbers(new PhoneNumberOptions { DefaultRegion = "XX" }));
    }

    private static readonly Gen<string> NanpNumber =
        Gen.Select(Gen.Int[2, 9], Gen.Int[0, 99], Gen.Int[2, 9], Gen.Int[0, 99], Gen.Int[0, 9999],
            (a, b, c, d, e) => $"{a}{b:00}{c}{d:00}{e:0000}");

    [Fact]
    public void A_NANP_number_with_or_without_country_code_normalises_to_the_same_E164()
    {
        NanpNumber.Sample(n =>
            _numbers.TryNormalize(n, out var bare) && bare == "+1" + n
            && _numbers.TryNormalize("1" + n, out var withOne) && withOne == bare
            && _numbers.TryNormalize("+1" + n, out var withPlus) && withPlus == bare);
    }

    [Fact]
    public void Normalising_a_normalised_number_changes_nothing()
    {
        var dialable = Gen.Char["0123456789+-() ."].Array[0, 18].Select(chars => new string(chars));
        Gen.OneOf(NanpNumber, dialable).Sample(input =>
            !_numbers.TryNormalize(input, out var once)
            || (_numbers.TryNormalize(once, out var twice) && twice == once));
    }

    [Theory]
    [InlineData("+14158867900")]
    [InlineData("+442079460958")]
    [InlineData("+8613800138000")]
    public void A_number_already_in_e164_is_taken_as_it_is_without_a_full_parse(string input)
    {
        Assert.True(PhoneNumbers.IsCanonicalE164(input));
        Assert.True(_numbers.TryNormalize(input, out var e164));
        Assert.Equal(input, e164);
    }

    [Theory]
    [InlineData("+114158867900")] // a national prefix after the country code: the parse strips it
    [InlineData("+390612345678")] // a leading zero
    [InlineData("+0014158867900")]
    [InlineData("+1 415 886 7900")]
    public void A_number_that_only_looks_canonical_goes_through_the_full_parse(string input) =>
        Assert.False(PhoneNumbers.IsCanonicalE164(input));

    [Fact]
    public void Plus_and_digits_normalise_exactly_as_libphonenumbers_whole_parse_does()
    {
        // Country codes of one to three digits, known or not, then national parts that start with the prefixes parsing
        // strips (0, 1, 8, 9 and their pairs) or anything else, of every length around the possible ones.
        var countryCode = Gen.OneOf(Gen.Int[1, 9], Gen.Int[10, 99], Gen.Int[100, 999], Gen.OneOf(1, 7, 33, 39, 44, 49, 55, 61, 86, 91, 800, 882, 979));
        var prefix = Gen.OneOf(Gen.Const(""), Gen.Const("0"), Gen.Const("1"), Gen.Const("8"), Gen.Const("9"), Gen.Char["0189"].Array[2].Select(c => new string(c)));
        var rest = Gen.Char['0', '9'].Array[0, 18].Select(c => new string(c));
        Gen.Select(countryCode, prefix, rest, (code, start, digits) => $"+{code}{start}{digits}").Sample(input =>
        {
            var expected = _numbers.TryNormalizeByParsing(input, out var parsed);
            var actual = _numbers.TryNormalize(input, out var normalised);
            return expected == actual && parsed == normalised;
        }, iter: 200_000);
    }

    [Fact]
    public void One_instance_can_be_shared_between_threads()
    {
        var results = Enumerable.Range(0, 2000).AsParallel().AsOrdered()
            .Select(i => _numbers.TryNormalize($"415886{i % 10000:0000}", out var e164) ? e164 : "")
            .ToList();

        Assert.All(results.Select((e164, i) => (e164, i)), r => Assert.Equal($"+1415886{r.i % 10000:0000}", r.e164));
    }
}
