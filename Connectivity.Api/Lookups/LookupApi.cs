using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Telemetry;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;
using Connectivity.Domain.Routing;

namespace Connectivity.Api.Lookups;

/// <summary>What call routers and registrars ask at call time: <c>/v2/lookups/{dids|credentials|ips}/...</c>.</summary>
public static class LookupApi
{
    public static RouteGroupBuilder MapLookupApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/lookups").RequireAuthorization(AuthSetup.LookupPolicy).WithTags("Lookups");

        group.MapGet("/dids/{number}", LookupDid).WithName(nameof(LookupDid))
            .WithSummary("Where a call to this number goes");
        group.MapGet("/credentials/{realm}/{username}", LookupCredential).WithName(nameof(LookupCredential))
            .WithSummary("The password-auth server with these SIP credentials");
        group.MapGet("/ips/{ip}", LookupIp).WithName(nameof(LookupIp))
            .WithSummary("The IP-auth server with this source address");
        return group;
    }

    public static async Task<KazooResult> LookupDid(
        string number, PhoneNumbers numbers, LookupStore store, ConnectivityMetrics metrics, CancellationToken cancellationToken)
    {
        if (!numbers.TryNormalize(number, out var e164))
            throw Invalid(metrics, "did", KazooException.InvalidParameter("number", "Value is not a valid phone number", number));
        var hit = Counted(metrics, "did", await store.FindDidAsync(e164, cancellationToken))
                  ?? throw NotFound(e164, "No connectivity document holds this number");
        var route = CallRoute.For(hit.Body.RootElement, hit.ServerIndex, e164) ?? throw Inconsistent(hit);
        return KazooResult.Ok(LookupResponses.Did(hit, route));
    }

    /// <summary>Only a realm and user a document could hold are looked up: anything else cannot match, and would reach PostgreSQL raw.</summary>
    public static async Task<KazooResult> LookupCredential(
        string realm, string username, LookupStore store, ConnectivityMetrics metrics, CancellationToken cancellationToken)
    {
        if (!HostNames.IsHostName(realm) && !DocumentIndex.TryCanonicalIp(realm, out _))
            throw Invalid(metrics, "credential", KazooException.InvalidParameter("realm", "Value is not a valid host name or IP address", ValueLimits.Printable(realm)));
        if (!SipUris.IsUser(username))
            throw Invalid(metrics, "credential", KazooException.InvalidParameter("username", $"Failed to match pattern '{SipUris.UserPattern}'", ValueLimits.Printable(username)));
        var hit = Counted(metrics, "credential", await store.FindCredentialAsync(realm, username, cancellationToken))
                  ?? throw NotFound($"{username}@{realm}", "No password-auth server has these credentials");
        var server = TrunkServer.At(hit.Body.RootElement, hit.ServerIndex) ?? throw Inconsistent(hit);
        return KazooResult.Ok(LookupResponses.Credential(hit, server));
    }

    public static async Task<KazooResult> LookupIp(string ip, LookupStore store, ConnectivityMetrics metrics, CancellationToken cancellationToken)
    {
        if (!DocumentIndex.TryCanonicalIp(ip, out var address))
            throw Invalid(metrics, "ip", KazooException.InvalidParameter("ip", "Value is not a valid IP address", ip));
        var hit = Counted(metrics, "ip", await store.FindIpAsync(address, cancellationToken))
                  ?? throw NotFound(address, "No IP-auth server has this address");
        var server = TrunkServer.At(hit.Body.RootElement, hit.ServerIndex) ?? throw Inconsistent(hit);
        return KazooResult.Ok(LookupResponses.Ip(hit, server, address));
    }

    private static LookupHit? Counted(ConnectivityMetrics metrics, string kind, LookupHit? hit)
    {
        metrics.LookupCompleted(kind, hit is null ? "not_found" : "found");
        return hit;
    }

    private static KazooException Invalid(ConnectivityMetrics metrics, string kind, KazooException error)
    {
        metrics.LookupCompleted(kind, "invalid");
        return error;
    }

    private static KazooException NotFound(string cause, string message) =>
        new(StatusCodes.Status404NotFound, "not_found", new JsonObject { ["cause"] = cause, ["message"] = message });

    // The lookup tables are written in the document's own transaction, so this is a bug, never a client mistake.
    private static InvalidOperationException Inconsistent(LookupHit hit) =>
        new($"Lookup row points to server {hit.ServerIndex} of document {hit.DocumentId}, which does not hold it");
}
