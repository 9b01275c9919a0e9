using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Connectivity.Api.Auth;
using Connectivity.Api.Hosting;
using Connectivity.LocalDatabase;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Connectivity.Tests.Operations;

/// <summary>
/// The service while its PostgreSQL server crashes and comes back: a server of the class's own, so the run's shared
/// server is never stopped. They run alone, so their time bounds do not compete with parallel tests for the CPU.
/// </summary>
[Collection(DatabaseOutageCollection.Name)]
public sealed class DatabaseOutageTests(ApiFixture api, StoppableDatabaseFixture database, ITestOutputHelper output)
    : IClassFixture<ApiFixture>, IClassFixture<StoppableDatabaseFixture>
{
    /// <summary>Bound for "answers instead of hanging"; the service's own datastore timeout is 5 s.</summary>
    private static readonly TimeSpan Responds = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan Recovers = TimeSpan.FromSeconds(20);

    private readonly string _account = ApiFixture.NewId();

    [StoppableDatabaseFact]
    public async Task Readiness_turns_false_during_an_outage_and_true_again_by_itself_while_liveness_stays_true()
    {
        await using var factory = Service();
        Assert.Equal(HttpStatusCode.OK, (await ProbeTests.ProbeAsync(factory, Probes.ReadyPath)).Status);

        await WhileServerIsDownAsync(async () =>
        {
            var (ready, report) = await ProbeTests.ProbeAsync(factory, Probes.ReadyPath).WaitAsync(Responds);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
            Assert.Equal("database unreachable", report["checks"]!["database"]!["description"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await ProbeTests.ProbeAsync(factory, Probes.LivePath).WaitAsync(Responds)).Status);
        });

        await EventuallyAsync(async () => (await ProbeTests.ProbeAsync(factory, Probes.ReadyPath)).Status == HttpStatusCode.OK);
    }

    [StoppableDatabaseFact]
    public async Task Requests_get_503_with_retry_after_during_an_outage_and_succeed_again_without_a_restart()
    {
        await using var factory = Service();
        var client = Client(factory);
        var created = await client.PutAsync(KazooClient.Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        Assert.True(created.Status == HttpStatusCode.Created, $"Before the outage: {created}");
        var document = KazooClient.Document(_account, created.Id);

        await WhileServerIsDownAsync(async () =>
        {
            // Enough failures to open the circuit; every one of them is a prompt, well-formed 503.
            for (var i = 0; i < 8; i++)
            {
                var read = await client.GetAsync(document).WaitAsync(Responds);
                AssertDatastoreUnreachable(read);
            }
            AssertDatastoreUnreachable(await client.PatchAsync(document, new System.Text.Json.Nodes.JsonObject { ["name"] = "x" }).WaitAsync(Responds));
            AssertDatastoreUnreachable(await client.GetAsync(KazooClient.Collection(_account)).WaitAsync(Responds));
            // A long poll too: the outage is an answer at once, not a wait to the end.
            AssertDatastoreUnreachable(await client.GetAsync($"/v2/accounts/{_account}/connectivity/changes?wait=30").WaitAsync(Responds));
            // Usage reads too, the streamed export included: its connection is opened through the read pipeline.
            AssertDatastoreUnreachable(await client.GetAsync($"/v2/accounts/{_account}/connectivity/usage?from=2025-01-01&to=2025-02-01").WaitAsync(Responds));
            AssertDatastoreUnreachable(await client.GetAsync($"/v2/accounts/{_account}/connectivity/usage?as_of=2025-01-01T00:00:00Z").WaitAsync(Responds));
            var admin = new KazooClient(factory.CreateClient(), TokenIssuer.Issue(api.Auth, null, superDuperAdmin: true));
            AssertDatastoreUnreachable(await admin.GetAsync("/v2/connectivity/usage?from=2025-01-01&to=2025-02-01",
                request => request.Headers.Add("Accept", "text/csv")).WaitAsync(Responds));
        });

        await EventuallyAsync(async () => (await client.GetAsync(document)).Status == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(document, new System.Text.Json.Nodes.JsonObject { ["name"] = "after" })).Status);
    }

    [StoppableDatabaseFact]
    public async Task Every_acknowledged_write_survives_a_crash_of_the_database_and_every_other_write_gets_503()
    {
        await using var factory = Service();

        var results = new ConcurrentQueue<WriteResult>();
        var restartedAt = long.MaxValue;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var client = Client(factory);
            while (!stop.IsCancellationRequested)
            {
                var id = ApiFixture.NewId();
                var document = TestDocuments.Trunk(TestDocuments.NewNumber());
                document["id"] = id;
                var sentAt = Stopwatch.GetTimestamp();
                var response = await client.PutAsync(KazooClient.Collection(_account), document);
                results.Enqueue(new WriteResult(id, sentAt, response));
                if (response.Status != HttpStatusCode.Created) await Task.Delay(20);
            }
        })).ToArray();

        var server = database.Server;
        try
        {
            await UntilAsync(() => results.Count(r => r.Response.Status == HttpStatusCode.Created) >= 20);
            await server.StopAsync(immediate: true);
            await UntilAsync(() => results.Count(r => r.Response.Status == HttpStatusCode.ServiceUnavailable) >= 10);
            await server.StartAsync();
            Interlocked.Exchange(ref restartedAt, Stopwatch.GetTimestamp());
            await UntilAsync(() => results.Count(r => r.SentAt > Interlocked.Read(ref restartedAt) && r.Response.Status == HttpStatusCode.Created) >= 10);
        }
        finally
        {
            await stop.CancelAsync();
            if (!await IsUpAsync(server)) await server.StartAsync();
        }
        await Task.WhenAll(writers).WaitAsync(Recovers);

        var acknowledged = results.Where(r => r.Response.Status == HttpStatusCode.Created).Select(r => r.Id).ToHashSet();
        var unavailable = results.Where(r => r.Response.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var stored = (await Sql.ColumnAsync<string>(Sql.Unpooled(database.ConnectionString),
            "SELECT id FROM connectivity_documents WHERE account_id = @account", new NpgsqlParameter("account", _account))).ToHashSet();
        output.WriteLine($"writes attempted: {results.Count}, acknowledged (201): {acknowledged.Count}, 503: {unavailable.Count}, " +
                         $"found in the database afterwards: {stored.Count} (of them answered 503 but committed: {unavailable.Count(u => stored.Contains(u.Id))})");

        Assert.All(results, r => Assert.Contains(r.Response.Status, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.All(unavailable, u => AssertDatastoreUnreachable(u.Response));
        Assert.Empty(acknowledged.Except(stored));
        Assert.Subset(results.Select(r => r.Id).ToHashSet(), stored);
    }

    /// <summary>The service on the stoppable database, with a 1 s circuit break so that recovery shows within the test's bounds.</summary>
    private WebApplicationFactory<Program> Service() =>
        api.Factory.WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:Connectivity", database.ConnectionString)
            .UseSetting("Connectivity:Datastore:BreakSeconds", "1"));

    private KazooClient Client(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateClient();
        http.Timeout = Responds;
        return new KazooClient(http, TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
    }

    private async Task WhileServerIsDownAsync(Func<Task> duringOutage)
    {
        await database.Server.StopAsync(immediate: true);
        try
        {
            await duringOutage();
        }
        finally
        {
            await database.Server.StartAsync();
        }
    }

    private static void AssertDatastoreUnreachable(KazooResponse response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("datastore_unreachable", response.Message);
        Assert.NotNull(response.Header("Retry-After"));
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Recovers;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The service did not recover within {Recovers.TotalSeconds} s of the database's return.");
            await Task.Delay(100);
        }
    }

    private static Task UntilAsync(Func<bool> condition) => EventuallyAsync(() => Task.FromResult(condition()));

    private static async Task<bool> IsUpAsync(LocalPostgres server)
    {
        try
        {
            await Sql.ExecuteAsync(server.AdminConnectionString, "SELECT 1");
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private sealed record WriteResult(string Id, long SentAt, KazooResponse Response);
}

/// <summary>The outage tests, which run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DatabaseOutageCollection
{
    public const string Name = "Database outage";
}
