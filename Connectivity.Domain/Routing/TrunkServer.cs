using System.Text.Json;
using Connectivity.Domain.Documents;

namespace Connectivity.Domain.Routing;

/// <summary>
/// One server of a stored connectivity document, read for call-time use straight from the stored JSON: a call reads
/// one server and one DID, so nothing else of the body is copied. Valid while the <see cref="JsonDocument"/> it was
/// read from is.
/// </summary>
public sealed class TrunkServer
{
    public const int DefaultSipPort = 5060;

    private TrunkServer(JsonElement document, JsonElement server, int index)
    {
        Server = server;
        Index = index;
        Auth = DocumentShape.Object(server, "auth");
        Options = DocumentShape.Object(server, "options");
        Account = DocumentShape.Object(document, "account");
    }

    public JsonElement Server { get; }
    public int Index { get; }
    public JsonElement? Auth { get; }
    public JsonElement? Options { get; }
    public JsonElement? Account { get; }

    public string? Name => DocumentShape.TryGetString(Server, "name", out var name) ? name : null;

    /// <summary>Kazoo does not route to a server whose <c>options.enabled</c> is false; missing means the default, true.</summary>
    public bool Enabled => !DocumentShape.TryGetBoolean(Options, "enabled", out var enabled) || enabled;

    public string? AuthUser => DocumentShape.TryGetString(Auth, "auth_user", out var user) ? user : null;

    public string? AuthPassword => DocumentShape.TryGetString(Auth, "auth_password", out var password) ? password : null;

    /// <summary>The document's <c>account.auth_realm</c> as stored.</summary>
    public string? Realm => DocumentShape.TryGetString(Account, "auth_realm", out var realm) ? realm : null;

    /// <summary>Where calls to the server go: <c>auth.ip</c>, else <c>options.ip</c>.</summary>
    public string? Ip =>
        DocumentShape.TryGetString(Auth, "ip", out var ip) && ip.Length > 0 ? ip
        : DocumentShape.TryGetString(Options, "ip", out var optionsIp) && optionsIp.Length > 0 ? optionsIp
        : null;

    /// <summary><c>auth.port</c>, else <c>options.port</c>, else SIP's default.</summary>
    public int Port => PortOf(Auth) ?? PortOf(Options) ?? DefaultSipPort;

    /// <summary>The server at <paramref name="index"/>, or null when the document has none there.</summary>
    public static TrunkServer? At(JsonElement document, int index)
    {
        if (document.ValueKind != JsonValueKind.Object || index < 0
            || !document.TryGetProperty("servers", out var servers) || servers.ValueKind != JsonValueKind.Array
            || index >= servers.GetArrayLength()) return null;
        var server = servers[index];
        return server.ValueKind == JsonValueKind.Object ? new TrunkServer(document, server, index) : null;
    }

    /// <summary>The entry of <paramref name="number"/> in the server's <c>DIDs</c>, or null.</summary>
    public JsonElement? Did(string number) => DocumentShape.Object(DocumentShape.Object(Server, "DIDs"), number);

    private static int? PortOf(JsonElement? parent) =>
        DocumentShape.TryGetNumber(parent, "port", out var port) && port is >= 1 and <= 65535 && port == Math.Floor(port) ? (int)port : null;
}
