using System.Globalization;

namespace Connectivity.Api.Lookups;

/// <summary>
/// An E.164 number as the lookup index keys it: the digits after the plus as one integer. E.164 allows at most 15
/// digits and no leading zero, so the integer is unique per number and a million numbers cost no million strings.
/// </summary>
public readonly record struct DidKey(long Digits)
{
    public static bool TryParse(string e164, out DidKey key)
    {
        key = default;
        if (e164.Length is < 3 or > 16 || e164[0] != '+' || e164[1] is < '1' or > '9') return false;
        if (!long.TryParse(e164.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var digits)) return false;
        key = new DidKey(digits);
        return true;
    }

    public override string ToString() => "+" + Digits.ToString(CultureInfo.InvariantCulture);
}
