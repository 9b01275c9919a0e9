using System.Globalization;
using System.Text;
using PhoneNumbers;

namespace Connectivity.Domain.Numbers;

/// <summary>
/// Normalises phone numbers to E.164 (<c>+14158867900</c>). Stateless after construction and
/// safe to share between threads, like the <see cref="PhoneNumberUtil"/> it wraps.
/// </summary>
public sealed class PhoneNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private readonly string _defaultRegion;

    public PhoneNumbers() : this(new PhoneNumberOptions())
    {
    }

    public PhoneNumbers(PhoneNumberOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var region = options.DefaultRegion?.Trim().ToUpperInvariant() ?? "";
        if (!Util.GetSupportedRegions().Contains(region))
            throw new ArgumentException($"'{options.DefaultRegion}' is not a region libphonenumber knows.", nameof(options));
        _defaultRegion = region;
    }

    public string DefaultRegion => _defaultRegion;

    public bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || !HasOnlyDialableCharacters(input)) return false;
        if (IsCanonicalE164(input))
        {
            e164 = input;
            return true;
        }
        return TryNormalizeByParsing(input, out e164);
    }

    /// <summary>The whole of libphonenumber's parse: any dialable form, any national prefix.</summary>
    internal bool TryNormalizeByParsing(string input, out string e164)
    {
        e164 = "";

        PhoneNumber number;
        try
        {
            number = Util.Parse(input, _defaultRegion);
        }
        catch (NumberParseException)
        {
            return false;
        }

        // Possible (right length for the country), not valid: validity tracks allocated ranges, so a newly allocated DID would be refused here and never match at call time.
        if (Util.IsPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) return false;

        e164 = Util.Format(number, PhoneNumberFormat.E164);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="input"/> is already what <see cref="TryNormalizeByParsing"/> would make of it: a plus, a
    /// country calling code and a possible national number with no national prefix to strip. Large documents send
    /// thousands of numbers in this form, and libphonenumber's parse of each (extension, IDD and viability patterns)
    /// costs several times this check. Anything else, leading zeros included, goes through the parse.
    /// </summary>
    internal static bool IsCanonicalE164(string input)
    {
        if (input.Length is < 4 or > MaxCanonicalLength || input[0] != '+' || input[1] == '0') return false;
        for (var i = 1; i < input.Length; i++)
            if (!char.IsAsciiDigit(input[i])) return false;

        var countryCode = 0;
        for (var digits = 1; digits <= 3; digits++)
        {
            countryCode = countryCode * 10 + (input[digits] - '0');
            var region = Util.GetRegionCodeForCountryCode(countryCode);
            if (region == UnknownRegion) continue;
            return IsPossibleNationalNumber(countryCode, region, input.AsSpan(1 + digits));
        }
        return false;
    }

    private static bool IsPossibleNationalNumber(int countryCode, string region, ReadOnlySpan<char> national)
    {
        if (national.Length is < 2 or > 17 || national[0] == '0') return false;
        var metadata = region == NonGeographicalRegion ? Util.GetMetadataForNonGeographicalRegion(countryCode) : Util.GetMetadataForRegion(region);
        if (metadata is null) return false;
        var nationalText = national.ToString();
        if (metadata.HasNationalPrefixForParsing && Util.MaybeStripNationalPrefixAndCarrierCode(new StringBuilder(nationalText), metadata, null))
            return false;
        var number = new PhoneNumber.Builder()
            .SetCountryCode(countryCode)
            .SetNationalNumber(ulong.Parse(nationalText, NumberStyles.None, CultureInfo.InvariantCulture))
            .Build();
        return Util.IsPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE;
    }

    // A plus, at most three digits of country code and libphonenumber's longest national number (17).
    private const int MaxCanonicalLength = 1 + 3 + 17;
    private const string UnknownRegion = "ZZ";
    private const string NonGeographicalRegion = "001";

    // libphonenumber reads letters as vanity digits ("1-800-FLOWERS") and "ext 12" as an
    // extension E.164 cannot carry; neither belongs in a DID key, so both are refused outright.
    private static bool HasOnlyDialableCharacters(string input)
    {
        foreach (var c in input)
        {
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.' or '(' or ')' or ' ' or '/') continue;
            return false;
        }
        return true;
    }
}
