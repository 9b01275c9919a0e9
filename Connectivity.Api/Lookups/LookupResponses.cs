using System.Text.Json.Nodes;
using Connectivity.Domain.Routing;

namespace Connectivity.Api.Lookups;

/// <summary>The <c>data</c> of each lookup answer.</summary>
public static class LookupResponses
{
    public static JsonObject Did(LookupHit hit, CallRoute route)
    {
        var data = Owner(hit, route.Server);
        data["number"] = route.Number;
        if (!Routable(data, route.Routable)) return data;

        var settings = new JsonObject();
        foreach (var (name, value) in route.Settings!.Values) settings[name] = value.DeepClone();
        data["settings"] = settings;

        var invite = route.Invite!;
        data["inbound_format"] = InboundFormats.Name(invite.Format);
        if (route.HuntAccountId is not null) data["hunt_account_id"] = route.HuntAccountId;
        data["hunt_non_reconcilable"] = route.HuntNonReconcilable;
        if (route.DidOptions is not null) data["options"] = route.DidOptions.DeepClone();
        data["invite"] = new JsonObject
        {
            ["user"] = invite.User,
            ["realm"] = invite.Realm,
            ["ip"] = invite.Ip,
            ["port"] = invite.Port,
            ["port_in_uri"] = invite.PortInUri,
            ["request_uri"] = invite.RequestUri,
        };
        return data;
    }

    /// <summary>The secret is there for the registrar's digest check; a disabled server gets none, so it cannot register.</summary>
    public static JsonObject Credential(LookupHit hit, TrunkServer server)
    {
        var data = Owner(hit, server);
        data["realm"] = server.Realm;
        data["username"] = server.AuthUser;
        if (!Routable(data, server.Enabled)) return data;
        data["auth"] = new JsonObject
        {
            ["auth_method"] = "password",
            ["auth_user"] = server.AuthUser,
            ["auth_password"] = server.AuthPassword,
        };
        return data;
    }

    public static JsonObject Ip(LookupHit hit, TrunkServer server, string canonicalIp)
    {
        var data = Owner(hit, server);
        data["ip"] = canonicalIp;
        if (!Routable(data, server.Enabled)) return data;
        data["auth"] = new JsonObject { ["auth_method"] = "ip", ["ip"] = server.Ip, ["port"] = server.Port };
        return data;
    }

    private static JsonObject Owner(LookupHit hit, TrunkServer server) => new()
    {
        ["account_id"] = hit.AccountId,
        ["connectivity_id"] = hit.DocumentId,
        ["server"] = new JsonObject { ["index"] = server.Index, ["name"] = server.Name },
    };

    private static bool Routable(JsonObject data, bool routable)
    {
        data["routable"] = routable;
        if (!routable) data["not_routable"] = CallRoute.DisabledReason;
        return routable;
    }
}
