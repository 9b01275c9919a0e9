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
