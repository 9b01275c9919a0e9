using Connectivity.Domain.Documents;

namespace Connectivity.Domain.Routing;

/// <summary>Where the INVITE for an inbound call goes.</summary>
/// <param name="User">The request user, written by <see cref="Format"/>; null for <c>username</c> on a server without <c>auth_user</c>.</param>
/// <param name="Ip">The destination host, or null when the server has no address (it is reached at its registration).</param>
/// <param name="Port">The destination port; <see cref="PortInUri"/> says whether it is written in the URI (not for 5060, as in Kazoo).</param>
public sealed record InviteTarget(InboundFormat Format, string? User, string? Realm, string? Ip, int Port)
{
    public bool PortInUri => Port != TrunkServer.DefaultSipPort;

    /// <summary>
    /// <c>sip:user@host[:port]</c>, the user escaped as RFC 3261 requires and IPv6 in brackets; null without a user,
    /// or without an address that is an IP or a host name.
    /// </summary>
    public string? RequestUri
    {
        get
        {
            if (User is null || Ip is null) return null;
            string host;
            if (DocumentIndex.TryCanonicalIp(Ip, out var address)) host = address.Contains(':') ? $"[{address}]" : address;
            else if (HostNames.IsHostName(Ip)) host = Ip;
            else return null;
            var user = SipUris.EscapeUser(User);
            return PortInUri ? $"sip:{user}@{host}:{Port}" : $"sip:{user}@{host}";
        }
    }
}
