using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Documents;

/// <summary>A DID key of a server: the number an inbound call is routed by.</summary>
public sealed record DidEntry(string Number, int ServerIndex);

/// <summary>The (realm, user) a password server registers and authenticates with, both lower-case.</summary>
public sealed record CredentialEntry(string Realm, string Username, int ServerIndex);

/// <summary>The canonical source address an IP-authenticated server is recognised by.</summary>
public sealed record IpEntry(string Address, int ServerIndex);

/// <summary>
/// What the storage layer indexes for call-time lookups, read from a document whose DID keys
/// have been normalised. Values that are not yet valid are skipped, not reported: validation
/// runs first and refuses such a document before it is indexed.
/// </summary>
public sealed partial class DocumentIndex
{
    private DocumentIndex(IReadOnlyList<DidEntry> dids, IReadOnlyList<CredentialEntry> credentials,
        IReadOnlyList<IpEntry> ips, ValidationErrors conflicts)
    {
        Dids = dids;
        Credentials = credentials;
        Ips = ips;
        Conflicts = conflicts;
    }

    public IReadOnlyList<DidEntry> Dids { get; }
    public IReadOnlyList<CredentialEntry> Credentials { get; }
    public IReadOnlyList<IpEntry> Ips { get; }

    /// <summary>Two servers of this one document claiming the same IP or the same credentials.</summary>
    public ValidationErrors Conflicts { get; }

    public static DocumentIndex Of(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var dids = new List<DidEntry>();
        var credentials = new List<CredentialEntry>();
        var ips = new List<IpEntry>();
        var conflicts = new ValidationErrors();
        var firstCredential = new Dictionary<(string, string), int>();
        var firstIp = new Dictionary<string, int>(StringComparer.Ordinal);

        var realm = DocumentShape.TryGetString(DocumentShape.Object(document, "account"), "auth_realm", out var r)
            ? r.ToLowerInvariant()
            : "";

        foreach (var (index, server) in DocumentShape.Servers(document))
        {
            if (DocumentShape.Object(server, "DIDs") is { } serverDids)
            {
                foreach (var (key, _) in serverDids)
                {
                    if (E164().IsMatch(key)) dids.Add(new DidEntry(key, index));
                }
            }

            if (DocumentShape.Object(server, "auth") is not { } auth) continue;
            switch (AuthMethods.Of(auth))
            {
                case AuthMethod.Password:
                    if (realm.Length == 0 || !DocumentShape.TryGetString(auth, "auth_user", out var user) || user.Length == 0) break;
                    var username = user.ToLowerInvariant();
                    if (firstCredential.TryGetValue((realm, username), out var first))
                    {
                        conflicts.Add($"servers.{index}.auth.auth_user", "unique",
                            $"User {username}@{realm} is already used by servers.{first}",
                            target: JsonValue.Create($"servers.{first}.auth.auth_user"), value: JsonValue.Create(user));
                        break;
                    }
                    firstCredential[(realm, username)] = index;
                    credentials.Add(new CredentialEntry(realm, username, index));
                    break;

                case AuthMethod.Ip:
                    if (!DocumentShape.TryGetString(auth, "ip", out var ip) || !TryCanonicalIp(ip, out var address)) break;
                    if (firstIp.TryGetValue(address, out var firstWithIp))
                    {
                        conflicts.Add($"servers.{index}.auth.ip", "unique",
                            $"IP {address} is already used by servers.{firstWithIp}",
                            target: JsonValue.Create($"servers.{firstWithIp}.auth.ip"), value: JsonValue.Create(ip));
                        break;
                    }
                    firstIp[address] = index;
                    ips.Add(new IpEntry(address, index));
                    break;
            }
        }

        return new DocumentIndex(dids, credentials, ips, conflicts);
    }

    /// <summary>
    /// The one spelling of an IP address that stored documents and call-time lookups compare:
    /// IPv4 in dotted decimal, an IPv4-mapped IPv6 address as its IPv4 form, other IPv6
    /// lower-case and compressed. Refuses what <see cref="IPAddress.Parse(string)"/> accepts
    /// loosely (<c>1</c>, <c>010.0.0.1</c>, <c>0x7f.1</c>, brackets, ports) and zone ids, which mean
    /// nothing off the host that wrote them.
    /// </summary>
    public static bool TryCanonicalIp(string? input, out string canonical)
    {
        canonical = "";
        if (string.IsNullOrEmpty(input)) return false;

        if (input.Contains(':'))
        {
            if (!input.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')) return false;
            if (!IPAddress.TryParse(input, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
            canonical = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4().ToString() : v6.ToString();
            return true;
        }

        if (!DottedDecimal().IsMatch(input)) return false;
        canonical = IPAddress.Parse(input).ToString();
        return true;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex DottedDecimal();
}
