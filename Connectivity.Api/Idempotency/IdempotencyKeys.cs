using System.Text;
using Connectivity.Api.Kazoo;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// Reads the <c>Idempotency-Key</c> request header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): a
/// structured-field string, <c>"8e03978e-40d5-43e8-bc93-6894a57f9324"</c>, or the same characters unquoted as many
/// clients send them. Anything else is a 400 naming the header, never a failed query.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <summary>The key the request carries, or null when it carries none.</summary>
    public static string? Of(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return null;
        if (values.Count != 1) throw Malformed("Send one Idempotency-Key header");
        var value = (values[0] ?? "").Trim(' ', '\t');
        var key = value.StartsWith('"') ? Unquoted(value) : value;
        if (key.Length == 0) throw Malformed("The key is empty");
        if (key.Length > MaxLength) throw Malformed($"The key is longer than {MaxLength} characters");
        foreach (var c in key)
            if (!IsAllowed(c, quoted: value.StartsWith('"')))
                throw Malformed("The key holds a character other than printable ASCII");
        return key;
    }

    /// <summary>An sf-string: printable ASCII between double quotes, with <c>\"</c> and <c>\\</c> as its only escapes.</summary>
    private static string Unquoted(string value)
    {
        if (value.Length < 2 || value[^1] != '"') throw Malformed("A quoted key must end with a double quote");
        var key = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (i + 1 >= value.Length - 1 || value[i + 1] is not ('"' or '\\')) throw Malformed("A quoted key may escape only \" and \\");
                c = value[++i];
            }
            else if (c == '"')
                throw Malformed("A quoted key must escape the double quotes it holds");
            key.Append(c);
            if (key.Length > MaxLength) throw Malformed($"The key is longer than {MaxLength} characters");
        }
        return key.ToString();
    }

    // Unquoted, a space would be lost by proxies that trim header values; quoted, the draft allows it.
    private static bool IsAllowed(char c, bool quoted) => c is > ' ' and <= '~' || (quoted && c == ' ');

    private static KazooException Malformed(string reason) => KazooException.InvalidParameter(Header, reason, null);
}
