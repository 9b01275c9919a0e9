using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Connectivity.Api.Auth;
using Connectivity.Api.Hosting;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Connectivity.Tests.Operations;

/// <summary>The service while its PostgreSQL server crashes and comes back. These tests stop the run's shared server.</summary>
[Collection(SharedServerOutageCollection.Name)]
public sealed class DatabaseOutageTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    /// <summary>Bound for "answers instead of hanging"; the service's own datastore timeout is 5 s.</summary>
    private static readonly TimeSpan Responds = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan Recovers = TimeSpan.FromSeconds(20);

    private readonly string _account = ApiFixture.NewId();

    [Fact]
    public async Task Readiness_turns_false_during_an_outage_and_true_again_by_itself_while_liveness_stays_true()
    {
        if (!CanStopServer()) return;
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

    [Fact]
    public async Task Requests_get_503_with_retry_after_during_an_outage_and_succeed_again_without_a_restart()
    {
        if (!CanStopServer()) return;
        await using var factory = Service();
        var client = Client(factory);
        var created = await client.PutAsync(KazooClient.Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var document = KazooClient.Document(_account, created.Id);
        Assert.Equal(HttpStatusCode.Created, created.Status);

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
        });

        await EventuallyAsync(async () => (await client.GetAsync(document)).Status == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(document, new System.Text.Json.Nodes.JsonObject { ["name"] = "after" })).Status);
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_a_crash_of_the_database_and_every_other_write_gets_503()
    {
        if (!CanStopServer()) return;
        // The test cluster runs with synchronous_commit off, which lets a crash lose commits it already acknowledged;
        // a production server does not, and neither does this database.
        var database = new NpgsqlConnectionStringBuilder(api.ConnectionString).Database!;
        await ExecuteAsync(api.Server.AdminConnectionString, $"ALTER DATABASE \"{database}\" SET synchronous_commit = on");
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

        var server = api.Server;
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
        var stored = await StoredIdsAsync(api.ConnectionString, _account);
        output.WriteLine($"writes attempted: {results.Count}, acknowledged (201): {acknowledged.Count}, 503: {unavailable.Count}, " +
                         $"found in the database afterwards: {stored.Count} (of them answered 503 but committed: {unavailable.Count(u => stored.Contains(u.Id))})");

        Assert.All(results, r => Assert.Contains(r.Response.Status, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.All(unavailable, u => AssertDatastoreUnreachable(u.Response));
        Assert.Empty(acknowledged.Except(stored));
        Assert.Subset(results.Select(r => r.Id).ToHashSet(), stored);
    }

    private bool CanStopServer()
    {
        if (api.Server.CanStopAndStart) return true;
        output.WriteLine($"Not run: {api.Server.Description} cannot be stopped and started by the tests.");
        return false;
    }

    /// <summary>The service with a 1 s circuit break, so that recovery shows within the test's bounds.</summary>
    private WebApplicationFactory<Program> Service() =>
        api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:Datastore:BreakSeconds", "1"));

    private KazooClient Client(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateClient();
        http.Timeout = Responds;
        return new KazooClient(http, TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
    }

    private async Task WhileServerIsDownAsync(Func<Task> duringOutage)
    {
        await api.Server.StopAsync(immediate: true);
        try
        {
            await duringOutage();
        }
        finally
        {
            await api.Server.StartAsync();
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

    private static async Task<bool> IsUpAsync(TestDatabaseServer server)
    {
        try
        {
            await ExecuteAsync(server.AdminConnectionString, "SELECT 1");
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task<HashSet<string>> StoredIdsAsync(string connectionString, string account)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM connectivity_documents WHERE account_id = @account", connection);
        command.Parameters.AddWithValue("account", account);
        var ids = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed record WriteResult(string Id, long SentAt, KazooResponse Response);
}
