using System.Globalization;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Connectivity.Tests.Usage;

/// <summary>A clock the test sets: every write is stamped with the time the test chose.</summary>
public sealed class SetClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Set(string instant) => Now = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>The service on the class's database, with its clock under the test's control and optional settings.</summary>
public static class UsageService
{
    public static WebApplicationFactory<Program> Start(ApiFixture api, SetClock clock, params (string Key, string Value)[] settings) =>
        api.Factory.WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        });

    public static KazooClient Account(this WebApplicationFactory<Program> service, ApiFixture api, string accountId) =>
        new(service.CreateClient(), TokenIssuer.Issue(api.Auth, accountId, superDuperAdmin: false));

    public static KazooClient Admin(this WebApplicationFactory<Program> service, ApiFixture api) =>
        new(service.CreateClient(), TokenIssuer.Issue(api.Auth, null, superDuperAdmin: true));

    public static string UsagePath(string accountId, string query) => $"/v2/accounts/{accountId}/connectivity/usage?{query}";

    /// <summary>A server with password auth under a user of its own, holding <paramref name="dids"/>.</summary>
    public static JsonObject Server(string name, bool enabled, params string[] dids)
    {
        var didObject = new JsonObject();
        foreach (var did in dids) didObject[did] = new JsonObject();
        return new JsonObject
        {
            ["name"] = name,
            ["auth"] = new JsonObject { ["auth_method"] = "password", ["auth_user"] = TestDocuments.NewUser(), ["auth_password"] = "s3cret-password" },
            ["DIDs"] = didObject,
            ["options"] = new JsonObject { ["enabled"] = enabled },
        };
    }

    public static JsonObject Trunk(string realm, int trunks, int inboundTrunks, int outboundTrunks, params JsonObject[] servers) => new()
    {
        ["name"] = "Acme PBX",
        ["account"] = new JsonObject
        {
            ["auth_realm"] = realm,
            ["trunks"] = trunks,
            ["inbound_trunks"] = inboundTrunks,
            ["outbound_trunks"] = outboundTrunks,
        },
        ["servers"] = new JsonArray([.. servers]),
    };

    /// <summary>One day's figures as the report writes them: did, server, trunk, inbound and outbound trunk days.</summary>
    public static long[] Figures(JsonNode? day) =>
        [.. new[] { "did_days", "server_days", "trunk_days", "inbound_trunk_days", "outbound_trunk_days" }.Select(k => day![k]!.GetValue<long>())];
}
