using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Lookups;
using Connectivity.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connectivity.Tests.Lookups;

/// <summary>Clients, paths and documents for the lookup tests.</summary>
internal static class LookupTesting
{
    private static int _ipSequence;

    /// <summary>An IPv4 address no other test of this run uses.</summary>
    public static string NewIp()
    {
        var n = Interlocked.Increment(ref _ipSequence);
        return $"10.{n / 65536 % 256}.{n / 256 % 256}.{n % 256}";
    }

    /// <summary>A call router's token: no account, only the lookup scope among others.</summary>
    public static KazooClient LookupClient(this ApiFixture api) => api.Client(LookupToken(api));

    public static string LookupToken(ApiFixture api) =>
        TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: "openid " + KazooClaims.LookupScope);

    public static string Did(string number) => $"/v2/lookups/dids/{number}";

    public static string Credential(string realm, string username) =>
        $"/v2/lookups/credentials/{Uri.EscapeDataString(realm)}/{Uri.EscapeDataString(username)}";

    public static string Ip(string ip) => $"/v2/lookups/ips/{ip}";

    /// <summary>A document with one IP-authenticated server.</summary>
    public static JsonObject IpTrunk(string ip, params string[] dids)
    {
        var document = TestDocuments.Trunk(dids);
        document["servers"]![0]!["auth"] = new JsonObject { ["auth_method"] = "IP", ["ip"] = ip };
        return document;
    }

    /// <summary>A second server for <paramref name="document"/>, named <paramref name="name"/>, with no DIDs.</summary>
    public static JsonObject WithSecondServer(this JsonObject document, string name)
    {
        document["servers"]!.AsArray().Add(new JsonObject
        {
            ["name"] = name,
            ["auth"] = new JsonObject { ["auth_method"] = "password", ["auth_user"] = TestDocuments.NewUser(), ["auth_password"] = "second-secret" },
            ["options"] = new JsonObject { ["inbound_format"] = "npan", ["ip"] = "192.0.2.20" },
        });
        return document;
    }

    /// <summary>
    /// Rewrites a stored body the way a migration from Kazoo's CouchDB would have written it, bypassing the API's
    /// validation (which accepts only current spellings).
    /// </summary>
    public static async Task SetStoredValueAsync(this ApiFixture api, string documentId, string[] path, JsonNode value)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE connectivity_documents SET body = jsonb_set(body, $1, $2::jsonb) WHERE id = $3", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = path });
        command.Parameters.Add(new NpgsqlParameter { Value = value.ToJsonString() });
        command.Parameters.Add(new NpgsqlParameter { Value = documentId });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
        // A write the service did not make: tell it, as if it had acknowledged it, so its next lookup reads it.
        api.Factory.Services.GetRequiredService<LookupCache>().WriteEnded();
    }
}
