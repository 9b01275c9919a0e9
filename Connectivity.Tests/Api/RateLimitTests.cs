using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Hosting;
using Connectivity.Tests.Infrastructure;
using Connectivity.Tests.Lookups;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>Each test runs its own host with small limits, so that its buckets start full and no other test spends them.</summary>
public sealed class RateLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int SmallBucket = 5;

    private static readonly string[] Callers = ["Account", "Admin", "Lookup", "Anonymous"];

    private readonly string _account = ApiFixture.NewId();

    /// <summary>A host where <paramref name="limited"/> callers get a bucket of 5 refilled 1 a second, every other kind plenty.</summary>
    private WebApplicationFactory<Program> Host(string limited, params (string Key, string Value)[] settings) =>
        api.Factory.WithWebHostBuilder(web =>
        {
            foreach (var caller in Callers)
            {
                var small = caller == limited;
                web.UseSetting($"Connectivity:RateLimits:{caller}:Tokens", small ? $"{SmallBucket}" : "100000");
                web.UseSetting($"Connectivity:RateLimits:{caller}:TokensPerSecond", small ? "1" : "100000");
            }
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });

    private KazooClient Client(WebApplicationFactory<Program> host, string? token) => new(host.CreateClient(), token);

    private string AccountToken(string account) => TokenIssuer.Issue(api.Auth, account, superDuperAdmin: false);

    private string AdminToken() => TokenIssuer.Issue(api.Auth, null, superDuperAdmin: true);

    private string LookupToken() => TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: KazooClaims.LookupScope);

    /// <summary>Sends <paramref name="request"/> until it is refused; the bucket holds 5 and refills 1 a second, so 30 tries suffice.</summary>
    private static async Task<(int Served, KazooResponse Refused, TimeSpan Elapsed)> SpendAsync(Func<Task<KazooResponse>> request)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var served = 0; served < 30; served++)
        {
            var response = await request();
            if (response.Status == HttpStatusCode.TooManyRequests) return (served, response, started.Elapsed);
        }
        throw new Xunit.Sdk.XunitException("30 requests in a row were served by a bucket of 5 refilled 1 a second.");
    }

    [Fact]
    public async Task An_account_that_spends_its_bucket_gets_429_too_many_requests_in_the_kazoo_envelope_with_retry_after()
    {
        await using var host = Host("Account");
        var client = Client(host, AccountToken(_account));

        var (served, refused, elapsed) = await SpendAsync(() => client.GetAsync(Collection(_account)));

        // The bucket's 5, plus the one token a second it gained while they were spent.
        Assert.InRange(served, SmallBucket, SmallBucket + (int)Math.Ceiling(elapsed.TotalSeconds));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(("error", "429", "too_many_requests"),
            (refused.Body!["status"]!.GetValue<string>(), refused.Body!["error"]!.GetValue<string>(), refused.Message));
        Assert.Equal("1", refused.Header("Retry-After"));
        Assert.Equal(1, refused.Data!["retry_after"]!.GetValue<int>());
        Assert.Equal("no-store", refused.Header("Cache-Control"));
        Assert.NotNull(refused.Body!["request_id"]);
    }

    [Fact]
    public async Task A_spent_bucket_serves_again_once_it_has_refilled()
    {
        await using var host = Host("Account");
        var client = Client(host, AccountToken(_account));
        var (_, refused, _) = await SpendAsync(() => client.GetAsync(Collection(_account)));

        await Task.Delay(TimeSpan.FromSeconds(int.Parse(refused.Header("Retry-After")!) + 0.2));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Collection(_account))).Status);
    }

    [Theory]
    [InlineData("Account")]
    [InlineData("Admin")]
    [InlineData("Lookup")]
    [InlineData("Anonymous")]
    public async Task A_caller_that_spends_its_bucket_leaves_other_accounts_admins_lookups_and_anonymous_callers_served(string spender)
    {
        await using var host = Host(spender);
        var number = TestDocuments.NewNumber();
        var admin = Client(host, AdminToken());
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync(Collection(_account), TestDocuments.Trunk(number))).Status);
        var other = ApiFixture.NewId();
        var requests = new Dictionary<string, (Func<Task<KazooResponse>> Send, HttpStatusCode Served)>
        {
            ["Account"] = (() => Client(host, AccountToken(_account)).GetAsync(Collection(_account)), HttpStatusCode.OK),
            ["Admin"] = (() => admin.GetAsync(Collection(_account)), HttpStatusCode.OK),
            ["Lookup"] = (() => Client(host, LookupToken()).GetAsync(LookupTesting.Did(number)), HttpStatusCode.OK),
            ["Anonymous"] = (() => Client(host, null).GetAsync(Collection(_account)), HttpStatusCode.Unauthorized),
            ["Another account"] = (() => Client(host, AccountToken(other)).GetAsync(Collection(other)), HttpStatusCode.OK),
        };

        await SpendAsync(requests[spender].Send);

        var others = requests.Where(r => r.Key != spender).ToList();
        var answers = new List<(string, HttpStatusCode)>();
        foreach (var (caller, (send, _)) in others) answers.Add((caller, (await send()).Status));
        Assert.Equal(others.Select(r => (r.Key, r.Value.Served)), answers);
    }

    [Fact]
    public async Task Probes_and_the_metrics_scrape_are_never_limited()
    {
        await using var host = Host("Anonymous");
        using var http = host.CreateClient();
        await SpendAsync(() => Client(host, null).GetAsync(Collection(_account)));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3 * SmallBucket; i++)
            foreach (var path in new[] { Probes.LivePath, Probes.StartupPath, "/metrics" })
                statuses.Add((await http.GetAsync(path)).StatusCode);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Refusals_are_counted_on_the_metrics_scrape()
    {
        await using var host = Host("Account");
        var client = Client(host, AccountToken(_account));
        await SpendAsync(() => client.GetAsync(Collection(_account)));

        using var http = host.CreateClient();
        var scrape = await http.GetStringAsync("/metrics");

        var refusals = scrape.Split('\n').Where(line => line.StartsWith("aspnetcore_rate_limiting_requests_total{", StringComparison.Ordinal));
        var counted = Assert.Single(refusals, line => line.Contains("aspnetcore_rate_limiting_result=\"global_limiter\""));
        Assert.True(double.Parse(counted.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 1, counted);
        Assert.Contains("aspnetcore_rate_limiting_request_lease_duration_seconds", scrape);
    }

    [Fact]
    public async Task Writes_to_one_account_beyond_its_concurrent_limit_get_429_while_other_accounts_write_and_read()
    {
        await using var host = Host("none",
            ("Connectivity:RateLimits:ConcurrentWritesPerAccount", "1"), ("Connectivity:RateLimits:QueuedWritesPerAccount", "0"),
            ("Connectivity:Datastore:TimeoutSeconds", "30"));
        var client = Client(host, AccountToken(_account));
        var held = await client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var free = await client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (held.Status, free.Status));

        // A transaction holding the document's row keeps a PATCH of it waiting, and so holding the account's one write.
        await using var rowLock = await HeldRowLock.TakeAsync(api.ConnectionString, held.Id);
        var waiting = client.PatchAsync(Document(_account, held.Id), new JsonObject { ["name"] = "waited" });

        await WaitForLockWaiterAsync();

        var second = await client.PatchAsync(Document(_account, free.Id), new JsonObject { ["name"] = "second" });
        var read = await client.GetAsync(Document(_account, free.Id));
        var other = ApiFixture.NewId();
        var otherWrite = await Client(host, AccountToken(other)).PutAsync(Collection(other), new JsonObject { ["name"] = "elsewhere" });
        var intruder = await Client(host, AccountToken(other)).PutAsync(Collection(_account), new JsonObject { ["name"] = "intruder" });
        await rowLock.ReleaseAsync();
        var first = await waiting;

        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal("too_many_requests", second.Message);
        Assert.NotNull(second.Header("Retry-After"));
        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            (read.Status, otherWrite.Status, intruder.Status, first.Status));
        Assert.Equal("waited", first.DataObject["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_write_that_waits_its_turn_spends_one_token_like_any_other_request()
    {
        await using var host = Host("Account",
            ("Connectivity:RateLimits:ConcurrentWritesPerAccount", "1"), ("Connectivity:RateLimits:QueuedWritesPerAccount", "8"),
            ("Connectivity:Datastore:TimeoutSeconds", "30"));
        var admin = Client(host, AdminToken());
        var created = await admin.PutAsync(Collection(_account), new JsonObject { ["name"] = "held" });
        var client = Client(host, AccountToken(_account));

        await using var rowLock = await HeldRowLock.TakeAsync(api.ConnectionString, created.Id);
        var holding = client.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = "first" });
        await WaitForLockWaiterAsync();
        // The bucket's 5 tokens: one spent by the write that holds the turn, four for the writes queued behind it.
        var queued = Enumerable.Range(0, SmallBucket - 1)
            .Select(i => client.PutAsync(Collection(_account), new JsonObject { ["name"] = $"queued {i}" })).ToList();
        await Task.Delay(500);
        await rowLock.ReleaseAsync();

        Assert.Equal(HttpStatusCode.OK, (await holding).Status);
        Assert.All(await Task.WhenAll(queued), write => Assert.Equal(HttpStatusCode.Created, write.Status));
    }

    /// <summary>Until a session of this test's database waits for a row lock: the PATCH that holds the account's write.</summary>
    private async Task WaitForLockWaiterAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var waiters = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((long)(await waiters.ExecuteScalarAsync())! == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The PATCH never reached the locked row.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Concurrent_writes_to_one_account_past_the_running_limit_wait_their_turn_and_all_apply()
    {
        await using var host = Host("none",
            ("Connectivity:RateLimits:ConcurrentWritesPerAccount", "2"), ("Connectivity:RateLimits:QueuedWritesPerAccount", "16"));
        var client = Client(host, AccountToken(_account));

        var writes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            client.PutAsync(Collection(_account), new JsonObject { ["name"] = $"queued {i}" })));

        Assert.All(writes, write => Assert.Equal(HttpStatusCode.Created, write.Status));
        var listed = await client.GetAsync(Collection(_account) + "?paginate=false");
        Assert.Equal(12, listed.Data!.AsArray().Count);
    }

    [Theory]
    [InlineData("Account", "-3", "1")]
    [InlineData("Admin", "10", "0")]
    [InlineData("Lookup", "-1", "0")]
    [InlineData("Anonymous", "5", "-5")]
    public void A_host_with_an_unusable_limit_does_not_start(string caller, string tokens, string perSecond)
    {
        using var host = api.Factory.WithWebHostBuilder(web =>
        {
            web.UseSetting($"Connectivity:RateLimits:{caller}:Tokens", tokens);
            web.UseSetting($"Connectivity:RateLimits:{caller}:TokensPerSecond", perSecond);
        });

        var failure = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains("Connectivity:RateLimits", failure.ToString());
    }
}
