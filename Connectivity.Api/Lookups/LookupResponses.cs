using System.Text.Json;
using Connectivity.Domain.Routing;

namespace Connectivity.Api.Lookups;

/// <summary>
/// The <c>data</c> of each lookup answer, written straight from the stored document as the response is written: a call
/// router asks on every call, and building a node tree per answer made most of a lookup's garbage.
/// </summary>
public static class LookupResponses
{
    public static Action<Utf8JsonWriter> Did(LookupHit hit, CallRoute route) => Answer(hit, writer =>
    {
        WriteOwner(writer, hit, route.Server);
        writer.WriteString("number", route.Number);
        if (WriteRoutable(writer, route.Routable))
        {
            writer.WritePropertyName("settings");
            route.Settings!.WriteTo(writer);
            var invite = route.Invite!;
            writer.WriteString("inbound_format", InboundFormats.Name(invite.Format));
            if (route.HuntAccountId is not null) writer.WriteString("hunt_account_id", route.HuntAccountId);
            writer.WriteBoolean("hunt_non_reconcilable", route.HuntNonReconcilable);
            if (route.DidOptions is { } options)
            {
                writer.WritePropertyName("options");
                options.WriteTo(writer);
            }
            writer.WriteStartObject("invite");
            writer.WriteString("user", invite.User);
            writer.WriteString("realm", invite.Realm);
            writer.WriteString("ip", invite.Ip);
            writer.WriteNumber("port", invite.Port);
            writer.WriteBoolean("port_in_uri", invite.PortInUri);
            writer.WriteString("request_uri", invite.RequestUri);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    });

    /// <summary>The secret is there for the registrar's digest check; a disabled server gets none, so it cannot register.</summary>
    public static Action<Utf8JsonWriter> Credential(LookupHit hit, TrunkServer server) => Answer(hit, writer =>
    {
        WriteOwner(writer, hit, server);
        writer.WriteString("realm", server.Realm);
        writer.WriteString("username", server.AuthUser);
        if (WriteRoutable(writer, server.Enabled))
        {
            writer.WriteStartObject("auth");
            writer.WriteString("auth_method", "password");
            writer.WriteString("auth_user", server.AuthUser);
            writer.WriteString("auth_password", server.AuthPassword);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    });

    public static Action<Utf8JsonWriter> Ip(LookupHit hit, TrunkServer server, string canonicalIp) => Answer(hit, writer =>
    {
        WriteOwner(writer, hit, server);
        writer.WriteString("ip", canonicalIp);
        if (WriteRoutable(writer, server.Enabled))
        {
            writer.WriteStartObject("auth");
            writer.WriteString("auth_method", "ip");
            writer.WriteString("ip", server.Ip);
            writer.WriteNumber("port", server.Port);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    });

    /// <summary>The answer's writer: it lets go of the hit's document once the answer is written.</summary>
    private static Action<Utf8JsonWriter> Answer(LookupHit hit, Action<Utf8JsonWriter> write) => writer =>
    {
        using (hit) write(writer);
    };

    /// <summary>Opens the answer's object with what every answer starts with; the caller closes it.</summary>
    private static void WriteOwner(Utf8JsonWriter writer, LookupHit hit, TrunkServer server)
    {
        writer.WriteStartObject();
        writer.WriteString("account_id", hit.AccountId);
        writer.WriteString("connectivity_id", hit.DocumentId);
        writer.WriteStartObject("server");
        writer.WriteNumber("index", server.Index);
        writer.WriteString("name", server.Name);
        writer.WriteEndObject();
    }

    private static bool WriteRoutable(Utf8JsonWriter writer, bool routable)
    {
        writer.WriteBoolean("routable", routable);
        if (!routable) writer.WriteString("not_routable", CallRoute.DisabledReason);
        return routable;
    }
}
