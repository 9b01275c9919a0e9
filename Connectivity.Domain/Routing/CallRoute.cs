using System.Text.Json;
using Connectivity.Domain.Documents;

namespace Connectivity.Domain.Routing;

/// <summary>
/// What a call to a DID does, computed from the stored document that holds the number; valid while the
/// <see cref="JsonDocument"/> it was read from is.
/// </summary>
/// <param name="Routable">False when the server is disabled: then <see cref="Settings"/> and <see cref="Invite"/> are null.</param>
public sealed record CallRoute(
    string Number,
    TrunkServer Server,
    bool Routable,
    CallSettings? Settings,
    InviteTarget? Invite,
    string? HuntAccountId,
    bool HuntNonReconcilable,
    JsonElement? DidOptions)
{
    public const string DisabledReason = "server disabled";

    /// <summary>
    /// The route to <paramref name="number"/> (E.164) on the server at <paramref name="serverIndex"/>, or null when
    /// that server does not hold the number.
    /// </summary>
    public static CallRoute? For(JsonElement document, int serverIndex, string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (TrunkServer.At(document, serverIndex) is not { } server || server.Did(number) is not { } did) return null;
        if (!server.Enabled) return new CallRoute(number, server, false, null, null, null, false, null);

        var options = server.Options;
        var format = InboundFormats.Parse(DocumentShape.TryGetString(options, "inbound_format", out var f) ? f : null);
        var invite = new InviteTarget(format, InboundFormats.RequestUser(format, number, server.AuthUser), server.Realm, server.Ip, server.Port);
        var huntAccountId = DocumentShape.TryGetString(options, "hunt_account_id", out var hunt) && hunt.Length > 0 ? hunt : null;
        var huntNonReconcilable = DocumentShape.TryGetBoolean(options, "hunt_non_reconcilable", out var b) && b;
        JsonElement? didOptions = did.TryGetProperty("options", out var o) && o.ValueKind != JsonValueKind.Null ? o : null;

        return new CallRoute(number, server, true, CallSettings.Resolve(did, options, server.Account), invite,
            huntAccountId, huntNonReconcilable, didOptions);
    }
}
