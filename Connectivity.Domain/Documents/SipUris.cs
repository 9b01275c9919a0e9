using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Connectivity.Domain.Documents;

/// <summary>The pieces of RFC 3261 SIP syntax that stored values must fit before they go into a SIP message.</summary>
public static partial class SipUris
{
    private const string UserCharacters = @"(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+";
    private const string UserMarks = "-_.!~*'()&=+$,;?/";
    private const string TokenCharacters = @"[A-Za-z0-9\-.!%*_+`'~]+";

    /// <summary>RFC 3261 <c>user</c>: unreserved, user-unreserved and <c>%HH</c> escapes; as reported to clients.</summary>
    public const string UserPattern = "^" + UserCharacters + "$";

    /// <summary>RFC 3261 <c>token</c>, what a header name is made of; as reported to clients.</summary>
    public const string TokenPattern = "^" + TokenCharacters + "$";

    /// <summary>True when <paramref name="value"/> can be the user part of a SIP URI as it stands.</summary>
    public static bool IsUser(string value) => User().IsMatch(value);

    /// <summary>True when <paramref name="value"/> can be a SIP header name.</summary>
    public static bool IsToken(string value) => Token().IsMatch(value);

    /// <summary>
    /// <paramref name="user"/> written as the user part of a SIP URI: characters RFC 3261 allows there stay, an
    /// existing <c>%HH</c> escape stays, everything else (<c>@</c>, <c>:</c>, spaces, CR, LF, non-ASCII) is
    /// percent-encoded as UTF-8, so the user can never end the URI or the line it is written on.
    /// </summary>
    public static string EscapeUser(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var escaped = new StringBuilder(user.Length);
        for (var i = 0; i < user.Length; i++)
        {
            var c = user[i];
            if (char.IsAsciiLetterOrDigit(c) || UserMarks.Contains(c) || IsEscape(user, i))
            {
                escaped.Append(c);
                continue;
            }
            var length = char.IsSurrogatePair(user, i) ? 2 : 1;
            foreach (var b in Encoding.UTF8.GetBytes(user, i, length))
                escaped.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            i += length - 1;
        }
        return escaped.ToString();
    }

    private static bool IsEscape(string text, int i) =>
        text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]);

    /// <summary>
    /// A <c>sip:</c> or <c>sips:</c> URI naming a host, with an optional user part, port,
    /// parameters and headers: <c>sip:alice@pbx.example.com:5061;transport=tls</c>.
    /// </summary>
    public static bool IsSipUri(string value)
    {
        if (value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or '"')) return false;

        string rest;
        if (value.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) rest = value[4..];
        else if (value.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)) rest = value[5..];
        else return false;

        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (at == 0) return false;
            rest = rest[(at + 1)..];
            if (rest.Contains('@')) return false;
        }

        var end = rest.IndexOfAny([';', '?']);
        var hostPort = end < 0 ? rest : rest[..end];
        return IsHostPort(hostPort);
    }

    private static bool IsHostPort(string hostPort)
    {
        string host, port;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0) return false;
            host = hostPort[1..close];
            port = hostPort[(close + 1)..];
            if (!host.Contains(':') || !DocumentIndex.TryCanonicalIp(host, out _)) return false;
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            port = colon < 0 ? "" : hostPort[colon..];
            if (!(DocumentIndex.TryCanonicalIp(host, out _) || HostNames.IsHostName(host))) return false;
        }

        if (port.Length == 0) return true;
        return port[0] == ':'
            && port.Length is >= 2 and <= 6
            && port[1..].All(char.IsAsciiDigit)
            && int.Parse(port[1..], CultureInfo.InvariantCulture) is >= 1 and <= 65535;
    }

    [GeneratedRegex("^" + UserCharacters + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex User();

    [GeneratedRegex("^" + TokenCharacters + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
