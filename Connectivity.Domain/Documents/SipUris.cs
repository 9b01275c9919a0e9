using System.Globalization;

namespace Connectivity.Domain.Documents;

public static class SipUris
{
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
}
