using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Documents;

/// <summary>
/// The first check of a request body, run on the parsed JSON before anything reads it as a document. It refuses
/// what PostgreSQL cannot store or would blow up: text that is not valid Unicode (invalid UTF-8, a lone surrogate)
/// or holds NUL, which <c>jsonb</c> refuses; numbers that are not IEEE doubles or that <c>jsonb</c> would print far
/// longer than they were written (it prints <c>1e100000</c> as a 1 followed by 100,000 zeros); and strings or keys
/// over <see cref="DocumentLimits.MaxStringLength"/>. Every problem is reported at its dotted path.
/// </summary>
public static class ValueLimits
{
    /// <summary>The longest a number may be when written out in full, as PostgreSQL prints a <c>jsonb</c> numeric.</summary>
    public const int MaxNumberLength = 40;

    public static ValidationErrors Check(JsonElement value, DocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new ValidationErrors();
        Walk(value, "", limits, errors);
        return errors;
    }

    /// <summary>Text PostgreSQL can store and a JSON writer can write: well-formed UTF-16 without NUL.</summary>
    public static bool IsStorableText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !text.Contains('\0') && IsWellFormed(text);
    }

    /// <summary>The text with every lone surrogate replaced by U+FFFD, safe to echo in a JSON answer.</summary>
    public static string Printable(string text) => IsWellFormed(text) ? text : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    private static void Walk(JsonElement value, string path, DocumentLimits limits, ValidationErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    var readable = TryReadName(member, out var name);
                    var memberPath = ValidationErrors.Join(path, ValidationErrors.Segment(readable ? name : RawName(member)));
                    if (!readable) errors.Add(memberPath, "format", "Key is not valid Unicode text");
                    else CheckText(name, memberPath, "Key", limits, errors);
                    Walk(member.Value, memberPath, limits, errors);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in value.EnumerateArray())
                    Walk(element, ValidationErrors.Join(path, (index++).ToString(CultureInfo.InvariantCulture)), limits, errors);
                break;
            case JsonValueKind.String:
                if (TryReadString(value, out var text)) CheckText(text, path, "Value", limits, errors);
                else errors.Add(path, "format", "Value is not valid Unicode text");
                break;
            case JsonValueKind.Number:
                CheckNumber(value.GetRawText(), path, errors);
                break;
        }
    }

    private static void CheckText(string text, string path, string what, DocumentLimits limits, ValidationErrors errors)
    {
        if (text.Contains('\0'))
            errors.Add(path, "format", $"{what} must not contain the NUL character (\\u0000)");
        var length = CodePoints(text);
        if (length > limits.MaxStringLength)
            errors.Add(path, "maxLength", $"{what} must not be more than {limits.MaxStringLength} characters",
                target: System.Text.Json.Nodes.JsonValue.Create(limits.MaxStringLength));
    }

    private static void CheckNumber(string literal, string path, ValidationErrors errors)
    {
        var number = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(number))
            errors.Add(path, "maximum", "Number must be within the range of a double (about ±1.8e308)");
        else if (number == 0 && literal.TakeWhile(c => c is not ('e' or 'E')).Any(c => c is >= '1' and <= '9'))
            errors.Add(path, "minimum", "Number is too close to zero to be stored: it would read back as 0");
        else if (PlainLength(literal) > MaxNumberLength)
            errors.Add(path, "maxLength", $"Number must not be more than {MaxNumberLength} characters when written out in full",
                target: System.Text.Json.Nodes.JsonValue.Create(MaxNumberLength));
    }

    /// <summary>
    /// The length of a JSON number literal as PostgreSQL's <c>numeric</c> prints it: no exponent, the integer digits
    /// without leading zeros (at least one) and as many fraction digits as the literal implies.
    /// </summary>
    internal static long PlainLength(string literal)
    {
        var negative = literal.StartsWith('-');
        var unsigned = negative ? literal[1..] : literal;
        var e = unsigned.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? unsigned : unsigned[..e];
        long exponent = 0;
        if (e >= 0 && !long.TryParse(unsigned[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            return long.MaxValue;
        // Far beyond any limit, and small enough that the sums below cannot overflow.
        if (Math.Abs(exponent) > 1_000_000_000) return long.MaxValue;

        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa : mantissa[..point];
        var fractionDigits = point < 0 ? "" : mantissa[(point + 1)..];
        var digits = integerDigits + fractionDigits;
        long leadingZeros = digits.Length - digits.TrimStart('0').Length;
        var integerLength = Math.Max(1, integerDigits.Length + exponent - leadingZeros);
        var scale = Math.Max(0, fractionDigits.Length - exponent);
        return (negative ? 1 : 0) + integerLength + (scale > 0 ? 1 + scale : 0);
    }

    private static bool TryReadName(JsonProperty member, out string name)
    {
        try
        {
            name = member.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private static bool TryReadString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>A key that cannot be read as text, named by its JSON spelling (escapes as sent, bad bytes as U+FFFD).</summary>
    private static string RawName(JsonProperty member) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(member));

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (!char.IsHighSurrogate(text[i]) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
            i++;
        }
        return true;
    }

    private static int CodePoints(string text) => text.Length - text.Count(char.IsHighSurrogate);
}
