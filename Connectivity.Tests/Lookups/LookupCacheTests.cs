using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Hosting;
using Connectivity.Api.Lookups;
using Connectivity.Domain.Documents;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Connectivity.Tests.Operations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Lookups;

/// <summary>
/// Two replicas of the service on one PostgreSQL: the fixture's host (replica A, where the writes are made) and a
/// second host on the same database (replica B, a call router's replica).
/// </summary>
public sealed class LookupCacheTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private readonly string _account = ApiFixture.NewId();
    private readonly LogCapture _replicaLogs = new();
    private WebApplicationFactory<Program> _replica = null!;

    private KazooClient Owner => api.AccountClient(_account);
    private KazooClient RouterOnA => api.LookupClient();
    private KazooClient RouterOnB => new(_replica.CreateClient(), LookupTesting.LookupToken(api));
    private LookupCache CacheOfB => _replica.Services.GetRequiredService<LookupCache>();

    public async Task InitializeAsync()
    {
        _replica = api.Factory.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(_replicaLogs)));
        Assert.Equal(HttpStatusCode.OK, (await ProbeTests.ProbeAsync(_replica, Probes.StartupPath)).Status);
    }

    public async Task DisposeAsync() => await _replica.DisposeAsync();

    [Fact]
    public async Task A_write_on_one_replica_is_answered_by_lookups_on_the_other_within_a_second()
    {
        var number = TestDocuments.NewNumber();

        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        var acknowledged = Stopwatch.StartNew(); // the bound runs from the acknowledgement, however long the write took
        var answer = await AnswerOnBAsync(LookupTesting.Did(number), HttpStatusCode.OK);

        Assert.True(acknowledged.Elapsed < Bound, $"Replica B answered {acknowledged.Elapsed.TotalMilliseconds} ms after the acknowledgement");
        Assert.Equal(created.Id, answer.Data!["connectivity_id"]!.GetValue<string>());
        Assert.True(CacheOfB.TryFindDid(number, out var fromMemory), "Replica B's index does not vouch for its answers");
        Assert.Equal(created.Id, fromMemory!.DocumentId);
    }

    [Fact]
    public async Task A_lookup_row_no_lookup_can_ask_for_does_not_keep_a_starting_replica_from_loading_its_index()
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        const string notE164 = "+0 not a number";
        await Sql.ExecuteAsync(api.ConnectionString, $"""
            INSERT INTO connectivity_dids (number, document_id, account_id, server_index)
            VALUES ('{notE164}', '{created.Id}', '{_account}', 0)
            """);
        try
        {
            await using var starting = api.Factory.WithWebHostBuilder(_ => { });

            Assert.Equal(HttpStatusCode.OK, (await ProbeTests.ProbeAsync(starting, Probes.StartupPath)).Status);
            Assert.True(starting.Services.GetRequiredService<LookupCache>().TryFindDid(number, out var fromMemory));
            Assert.Equal(created.Id, fromMemory!.DocumentId);
        }
        finally
        {
            await Sql.ExecuteAsync(api.ConnectionString, $"DELETE FROM connectivity_dids WHERE number = '{notE164}'");
        }
    }

    [Fact]
    public async Task Deletes_moves_between_documents_and_disabled_servers_reach_the_other_replica()
    {
        var (moving, staying) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        var first = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(moving, staying));
        await AnswerOnBAsync(LookupTesting.Did(moving), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, (await Owner.PostAsync(Document(_account, first.Id), TestDocuments.Trunk(staying))).Status);
        var second = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(moving));
        var moved = await AnswerOnBAsync(LookupTesting.Did(moving), HttpStatusCode.OK, a => a.Data!["connectivity_id"]!.GetValue<string>() == second.Id);
        Assert.Equal(second.Id, moved.Data!["connectivity_id"]!.GetValue<string>());

        var disabled = TestDocuments.Trunk(staying);
        disabled["servers"]![0]!["options"] = new JsonObject { ["enabled"] = false };
        Assert.Equal(HttpStatusCode.OK, (await Owner.PostAsync(Document(_account, first.Id), disabled)).Status);
        var notRoutable = await AnswerOnBAsync(LookupTesting.Did(staying), HttpStatusCode.OK, a => a.Data!["routable"]!.GetValue<bool>() == false);
        Assert.Equal("server disabled", notRoutable.Data!["not_routable"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await Owner.DeleteAsync(Document(_account, second.Id))).Status);
        await AnswerOnBAsync(LookupTesting.Did(moving), HttpStatusCode.NotFound);
        Assert.True(CacheOfB.TryFindDid(moving, out var deleted));
        Assert.Null(deleted);
    }

    [Fact]
    public async Task A_write_made_while_the_other_replicas_listen_connection_is_down_still_arrives()
    {
        var before = await FollowerPidsAsync();
        Assert.NotEmpty(before);

        await Sql.ScalarAsync(api.ConnectionString,
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            new NpgsqlParameter { Value = LookupCacheFollower.ApplicationName });
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        var answer = await AnswerOnBAsync(LookupTesting.Did(number), HttpStatusCode.OK);
        Assert.Equal(created.Id, answer.Data!["connectivity_id"]!.GetValue<string>());
        var deadline = Stopwatch.StartNew();
        while (!CacheOfB.TryFindDid(number, out _)) Assert.True(deadline.Elapsed < 5 * Bound, "Replica B's index never caught up");
        Assert.Empty(before.Intersect(await FollowerPidsAsync()));
    }

    [Fact]
    public async Task The_replica_that_acknowledged_a_write_answers_with_it_at_once()
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        Assert.Equal(HttpStatusCode.OK, (await RouterOnA.GetAsync(LookupTesting.Did(number))).Status);

        for (var i = 0; i < 10; i++)
        {
            var document = TestDocuments.Trunk(number);
            document["servers"]![0]!["options"] = new JsonObject { ["enabled"] = i % 2 == 1 };
            Assert.Equal(HttpStatusCode.OK, (await Owner.PostAsync(Document(_account, created.Id), document)).Status);
            var answer = await RouterOnA.GetAsync(LookupTesting.Did(number));
            Assert.Equal(i % 2 == 1, answer.Data!["routable"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task A_replica_indexes_a_document_it_wrote_with_the_keys_of_its_lookup_rows_and_one_changed_since_with_the_new_rows()
    {
        var document = TestDocuments.Trunk(TestDocuments.NewNumber(), TestDocuments.NewNumber());
        document["account"]!["auth_realm"] = "Mixed-Case." + TestDocuments.NewRealm();
        document["servers"]![0]!["auth"]!["auth_user"] = "MixedCase" + TestDocuments.NewUser();
        var ipServer = TestDocuments.Trunk(TestDocuments.NewNumber())["servers"]![0]!.DeepClone();
        ipServer["auth"] = new JsonObject { ["auth_method"] = "ip", ["ip"] = $"2001:DB8::{Random.Shared.Next(1, 0xffff):X}:0:1" };
        ((JsonArray)document["servers"]!).Add(ipServer);
        var created = await Owner.PutAsync(Collection(_account), document);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var revision = await Sql.ScalarAsync(api.ConnectionString, "SELECT revision_number FROM connectivity_documents WHERE id = $1",
            new NpgsqlParameter { Value = created.Id });

        // What the write hands over after its commit, as ConnectivityStore does.
        var cache = new LookupCache(Options.Create(new LookupCacheOptions()), TimeProvider.System);
        cache.Written(created.Id, (int)revision!, DocumentIndex.Of(created.DataObject));
        var handed = cache.WrittenKeysOf([created.Id]);

        var (fromWrite, fromRows) = await ReadIndexedAsync(created.Id, handed);
        Assert.Equal(3, fromRows.Dids.Count);
        Assert.Single(fromRows.Credentials);
        Assert.Single(fromRows.Ips);
        AssertSameKeys(fromRows, fromWrite);
        Assert.Equal(fromRows.Body.ToArray(), fromWrite.Body.ToArray());

        // Changed since (by another replica, say) before this replica's follower read it: its handed keys are stale.
        var moved = TestDocuments.NewNumber();
        document["servers"]![0]!["DIDs"] = new JsonObject { [moved] = new JsonObject() };
        Assert.Equal(HttpStatusCode.OK, (await Owner.PostAsync(Document(_account, created.Id), document)).Status);
        (fromWrite, fromRows) = await ReadIndexedAsync(created.Id, handed);
        Assert.Contains(fromRows.Dids, d => d.Number.ToString() == moved);
        AssertSameKeys(fromRows, fromWrite);
    }

    [Fact]
    public async Task The_keys_a_write_hands_to_its_replicas_index_are_let_go_once_the_index_has_read_past_the_write()
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var cacheOfA = api.Factory.Services.GetRequiredService<LookupCache>();

        var watch = Stopwatch.StartNew();
        while (cacheOfA.WrittenKeysOf([created.Id]).Count > 0)
        {
            Assert.True(watch.Elapsed < 5 * Bound, "Replica A still keeps the keys its write handed over");
            await Task.Delay(10);
        }
        Assert.True(cacheOfA.TryFindDid(number, out var fromMemory));
        Assert.Equal(created.Id, fromMemory!.DocumentId);

        // A replica without a follower would never let them go, so it keeps none.
        var withoutFollower = new LookupCache(Options.Create(new LookupCacheOptions { Enabled = false }), TimeProvider.System);
        withoutFollower.Written(created.Id, 1, DocumentIndex.Of(created.DataObject));
        Assert.Empty(withoutFollower.WrittenKeysOf([created.Id]));
    }

    private async Task<(IndexedDocument FromWrite, IndexedDocument FromRows)> ReadIndexedAsync(string id, IReadOnlyDictionary<string, WrittenKeys> handed)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var fromWrite = Assert.Single(await LookupTables.ReadIndexedAsync(connection, [id], handed, CancellationToken.None));
        var fromRows = Assert.Single(await LookupTables.ReadIndexedAsync(connection, [id], LookupTables.NoneHanded, CancellationToken.None));
        return (fromWrite, fromRows);
    }

    private static void AssertSameKeys(IndexedDocument expected, IndexedDocument actual)
    {
        Assert.Equal(expected.Dids.OrderBy(d => d.Number.Digits), actual.Dids.OrderBy(d => d.Number.Digits));
        Assert.Equal(expected.Credentials.Order(), actual.Credentials.Order());
        Assert.Equal(expected.Ips.Order(), actual.Ips.Order());
    }

    [Fact]
    public async Task The_startup_probe_stays_false_until_the_index_is_loaded()
    {
        var name = $"connectivity_unmigrated_{Guid.NewGuid():N}";
        await Sql.ExecuteAsync(api.Server.AdminConnectionString, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(api.Server.AdminConnectionString) { Database = name }.ConnectionString;
        try
        {
            await using (var replica = api.Factory.WithWebHostBuilder(web => web.UseSetting("ConnectionStrings:Connectivity", connectionString)))
            {
                var (status, report) = await ProbeTests.ProbeAsync(replica, Probes.StartupPath);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                Assert.Equal("Unhealthy", report["checks"]!["lookup_cache"]!["status"]!.GetValue<string>());

                await Connectivity.Api.Storage.ConnectivityDatabase.MigrateAsync(connectionString);
                var watch = Stopwatch.StartNew();
                while ((await ProbeTests.ProbeAsync(replica, Probes.StartupPath)).Status != HttpStatusCode.OK)
                    Assert.True(watch.Elapsed < 10 * Bound, "The startup probe never turned true once the index could load");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Sql.ExecuteAsync(api.Server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private async Task<KazooResponse> AnswerOnBAsync(string path, HttpStatusCode status, Func<KazooResponse, bool>? until = null)
    {
        var router = RouterOnB;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var answer = await router.GetAsync(path);
            if (answer.Status == status && (until is null || until(answer))) return answer;
            Assert.True(watch.Elapsed < 5 * Bound,
                $"Replica B still answers {(int)answer.Status} to {path}; its log: {string.Join(" | ", _replicaLogs.Entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.Message))}");
            await Task.Delay(10);
        }
    }

    private Task<List<int>> FollowerPidsAsync() =>
        Sql.ColumnAsync<int>(api.ConnectionString,
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            new NpgsqlParameter { Value = LookupCacheFollower.ApplicationName });
}
