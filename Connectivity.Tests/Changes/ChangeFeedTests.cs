using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Changes;

public sealed class ChangeFeedTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Feed = "/v2/connectivity/changes";
    private readonly string _account = ApiFixture.NewId();

    private static string AccountFeed(string accountId) => $"/v2/accounts/{accountId}/connectivity/changes";

    private sealed record Entry(long Position, string AccountId, string Type, string Id, int? Revision, string Operation);

    [Fact]
    public async Task A_follower_sees_every_acknowledged_write_of_eight_concurrent_writers_exactly_once_in_commit_order_across_a_restart()
    {
        var accounts = new[] { ApiFixture.NewId(), ApiFixture.NewId() };
        var acknowledged = new ConcurrentBag<(string Id, int Revision)>();
        var seen = new List<Entry>();
        var next = (await ReadAsync(api.AdminClient(), Feed + "?since=0&limit=1000")).Next;
        var start = next;

        await using (var first = NewHost())
        {
            using var stop = new CancellationTokenSource();
            var follower = FollowAsync(Client(first), () => next, n => next = n, seen, stop.Token);
            await WriteConcurrentlyAsync(first, accounts, acknowledged);
            await stop.CancelAsync();
            await follower;
        }
        await using (var second = NewHost())
        {
            await WriteConcurrentlyAsync(second, accounts, acknowledged);
            var deadline = Stopwatch.StartNew();
            while (seen.Count < acknowledged.Count && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                var page = await ReadAsync(Client(second), $"{Feed}?since={next}&limit=7&wait=1");
                seen.AddRange(page.Entries);
                next = page.Next;
            }
        }

        Assert.Equal(2 * 8 * 2 * 4, acknowledged.Count); // two runs of eight writers, two documents each, four writes a document
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => start + i), seen.Select(e => e.Position));
        Assert.Equal(acknowledged.Order(), seen.Select(e => (e.Id, e.Revision ?? 0)).Order());
        foreach (var document in seen.GroupBy(e => e.Id))
            Assert.Equal([1, 2, 3, 4], document.Select(e => e.Revision ?? 0));
    }

    [Fact]
    public async Task An_account_feed_shows_only_that_accounts_changes()
    {
        var other = ApiFixture.NewId();
        var mine = await api.AccountClient(_account).PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var theirs = await api.AccountClient(other).PutAsync(Collection(other), TestDocuments.Trunk(TestDocuments.NewNumber()));
        await api.AccountClient(_account).PatchAsync(Document(_account, mine.Id), new JsonObject { ["name"] = "renamed" });

        var page = await ReadAsync(api.AccountClient(_account), AccountFeed(_account));

        Assert.Equal([(mine.Id, 1, "create"), (mine.Id, 2, "patch")], page.Entries.Select(e => (e.Id, e.Revision ?? 0, e.Operation)));
        Assert.All(page.Entries, e => Assert.Equal((_account, "connectivity"), (e.AccountId, e.Type)));
        var all = await ReadAsync(api.AdminClient(), Feed + "?limit=1000");
        Assert.Contains(all.Entries, e => e.Id == theirs.Id);
        Assert.Equal(all.Next, page.Next);
    }

    [Fact]
    public async Task An_account_feed_pages_by_limit_and_continues_from_next()
    {
        var owner = api.AccountClient(_account);
        var created = await owner.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        for (var i = 0; i < 4; i++) await owner.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = $"name {i}" });

        var first = await ReadAsync(owner, AccountFeed(_account) + "?limit=3");
        var second = await ReadAsync(owner, $"{AccountFeed(_account)}?limit=3&since={first.Next}");

        Assert.Equal([1, 2, 3], first.Entries.Select(e => e.Revision ?? 0));
        Assert.Equal([4, 5], second.Entries.Select(e => e.Revision ?? 0));
        Assert.Equal(first.Entries[^1].Position, first.Next);
    }

    [Fact]
    public async Task An_account_token_cannot_read_every_accounts_feed_nor_another_accounts()
    {
        var owner = api.AccountClient(_account);

        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(Feed)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(AccountFeed(ApiFixture.NewId()))).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(AccountFeed(_account))).Status);
        var lookup = api.Client(TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: "connectivity:lookup"));
        Assert.Equal(HttpStatusCode.OK, (await lookup.GetAsync(Feed)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client(null).GetAsync(Feed)).Status);
    }

    [Fact]
    public async Task A_long_poll_answers_as_soon_as_a_write_commits()
    {
        var owner = api.AccountClient(_account);
        var since = (await ReadAsync(owner, AccountFeed(_account))).Next;
        var clock = Stopwatch.StartNew();

        var waiting = ReadAsync(owner, $"{AccountFeed(_account)}?since={since}&wait=25");
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted, "the poll answered before anything was written");
        var created = await owner.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var page = await waiting;

        Assert.Equal([created.Id], page.Entries.Select(e => e.Id));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_answers_empty_data_when_the_wait_is_over()
    {
        var owner = api.AccountClient(_account);
        var since = (await ReadAsync(owner, AccountFeed(_account))).Next;
        var clock = Stopwatch.StartNew();

        var page = await ReadAsync(owner, $"{AccountFeed(_account)}?since={since}&wait=2");

        Assert.Empty(page.Entries);
        Assert.True(page.Next >= since);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData("since=-1", "since")]
    [InlineData("since=abc", "since")]
    [InlineData("since=%00", "since")]
    [InlineData("since=1%002", "since")]
    [InlineData("since=99999999999999999999999999", "since")]
    [InlineData("since=1&since=2", "since")]
    [InlineData("since=%2B1", "since")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("limit=", "limit")]
    [InlineData("wait=31", "wait")]
    [InlineData("wait=-1", "wait")]
    [InlineData("wait=1e3", "wait")]
    public async Task Bad_feed_parameters_are_a_400_naming_the_parameter(string query, string parameter)
    {
        foreach (var (client, path) in new[] { (api.AdminClient(), Feed), (api.AccountClient(_account), AccountFeed(_account)) })
        {
            var response = await client.GetAsync($"{path}?{query}");

            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("validation error", response.Message);
            Assert.NotNull(response.DataObject[parameter]);
        }
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Writing_to_the_feed_path_is_a_bad_identifier_not_a_document_write(string method)
    {
        var response = await api.AccountClient(_account).SendRawAsync(new HttpMethod(method), AccountFeed(_account), """{"data":{}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("bad_identifier", response.Message);
    }

    private async Task FollowAsync(KazooClient client, Func<long> since, Action<long> advance, List<Entry> seen, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var page = await ReadAsync(client, $"{Feed}?since={since()}&limit=7&wait=1");
            seen.AddRange(page.Entries);
            advance(page.Next);
        }
    }

    private static async Task WriteConcurrentlyAsync(WebApplicationFactory<Program> host, string[] accounts, ConcurrentBag<(string, int)> acknowledged)
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            var account = accounts[writer % accounts.Length];
            var client = new KazooClient(host.CreateClient(), TokenIssuer.Issue(new AuthOptions { SigningKey = ApiFixture.SigningKey }, account, false));
            for (var document = 0; document < 2; document++)
            {
                var created = await client.PutAsync(Collection(account), TestDocuments.Trunk(TestDocuments.NewNumber()));
                Assert.Equal(HttpStatusCode.Created, created.Status);
                acknowledged.Add((created.Id, 1));
                for (var revision = 2; revision <= 4; revision++)
                {
                    var patched = await client.PatchAsync(Document(account, created.Id), new JsonObject { ["name"] = $"writer {writer} r{revision}" });
                    Assert.Equal(HttpStatusCode.OK, patched.Status);
                    acknowledged.Add((created.Id, revision));
                }
            }
        }));
    }

    /// <summary>Another instance of the service on the fixture's database, as after a restart.</summary>
    private WebApplicationFactory<Program> NewHost() => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment("Testing");
        web.UseSetting("ConnectionStrings:Connectivity", api.ConnectionString);
        web.UseSetting("Auth:SigningKey", ApiFixture.SigningKey);
        web.UseSetting("Connectivity:MigrateAtStartup", "false");
        foreach (var caller in new[] { "Account", "Admin" })
        {
            web.UseSetting($"Connectivity:RateLimits:{caller}:Tokens", "1000000");
            web.UseSetting($"Connectivity:RateLimits:{caller}:TokensPerSecond", "1000000");
        }
        web.UseSetting("Logging:Console:LogLevel:Default", "None");
    });

    private KazooClient Client(WebApplicationFactory<Program> host) => new(host.CreateClient(), TokenIssuer.Issue(api.Auth, null, superDuperAdmin: true));

    private static async Task<(List<Entry> Entries, long Next)> ReadAsync(KazooClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var entries = ((JsonArray)response.Data!).Select(e => new Entry(
            e!["position"]!.GetValue<long>(), e["account_id"]!.GetValue<string>(), e["type"]!.GetValue<string>(),
            e["id"]!.GetValue<string>(), e["revision"]?.GetValue<int>(), e["operation"]!.GetValue<string>())).ToList();
        return (entries, response.Body!["next"]!.GetValue<long>());
    }
}
