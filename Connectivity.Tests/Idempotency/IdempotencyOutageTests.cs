using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Connectivity.Tests.Operations;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Xunit.Abstractions;
using static Connectivity.Tests.Api.KazooClient;
using static Connectivity.Tests.Idempotency.Keyed;

namespace Connectivity.Tests.Idempotency;

/// <summary>
/// A billing system's keyed create while PostgreSQL dies around its commit: whatever the first attempt answered, retrying
/// it under the same key until it succeeds leaves exactly one document, and the final answer is that document.
/// </summary>
[Collection(DatabaseOutageCollection.Name)]
public sealed class IdempotencyOutageTests(ApiFixture api, StoppableDatabaseFixture database, ITestOutputHelper output)
    : IClassFixture<ApiFixture>, IClassFixture<StoppableDatabaseFixture>
{
    private static readonly TimeSpan Responds = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Recovers = TimeSpan.FromSeconds(30);

    /// <summary>The advisory lock creates of one account queue on to check the document quota (Documents/Quotas.cs).</summary>
    private const int DocumentCountLock = 0x636f6e6e;

    private readonly string _account = ApiFixture.NewId();

    [StoppableDatabaseFact]
    public async Task A_keyed_create_whose_database_dies_while_it_waits_to_commit_is_created_once_by_retrying_until_success()
    {
        await using var factory = Service();
        var client = Client(factory);
        var key = NewKey();
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        var connection = Sql.Unpooled(database.ConnectionString);

        // The create claims its key, then queues on its account's quota lock inside its write transaction; meanwhile the
        // claim's row is locked too, so once the quota lock goes the create writes everything and waits on the very last
        // statement before its COMMIT: completing its key.
        var quotaLock = await HeldTransaction.BeginAsync(connection,
            $"SELECT pg_advisory_xact_lock({DocumentCountLock}, hashtext('{_account}'))");
        var firstAttempt = client.PutAsync(Collection(_account), document, With(key));
        await UntilAsync(async () => await RecordsAsync(connection, _account) == 1);
        var claimLock = await HeldTransaction.BeginAsync(connection,
            $"SELECT 1 FROM connectivity_idempotency_keys WHERE account_id = '{_account}' FOR UPDATE");
        await quotaLock.DisposeAsync();
        await UntilAsync(async () => (long)(await Sql.ScalarAsync(connection,
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE connectivity_idempotency_keys%'"))! == 1);

        await database.Server.StopAsync(immediate: true);
        var lost = await firstAttempt.WaitAsync(Responds);
        await claimLock.DisposeAsync();
        await database.Server.StartAsync();
        var leftBehind = await RecordsAsync(connection, _account);
        var final = await RetryUntilCreatedAsync(client, document, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.Status);
        Assert.Equal(1, leftBehind);
        Assert.False(IsReplay(final));
        await AssertOneDocumentAsync(final, document);
    }

    [StoppableDatabaseFact]
    public async Task A_keyed_create_whose_database_dies_right_after_its_commit_is_answered_with_the_created_document_once_retried()
    {
        await using var factory = Service();
        var client = Client(factory);
        var key = NewKey();
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        var connection = Sql.Unpooled(database.ConnectionString);

        var firstAttempt = client.PutAsync(Collection(_account), document, With(key));
        await UntilAsync(async () => (long)(await Sql.ScalarAsync(connection,
            "SELECT count(*) FROM connectivity_idempotency_keys WHERE account_id = @account AND completed_at IS NOT NULL",
            new NpgsqlParameter("account", _account)))! == 1);
        await database.Server.StopAsync(immediate: true);
        // The client never reads this answer: as far as it knows, the request timed out.
        await firstAttempt.WaitAsync(Responds);
        await database.Server.StartAsync();
        var final = await RetryUntilCreatedAsync(client, document, key);

        Assert.True(IsReplay(final));
        await AssertOneDocumentAsync(final, document);
    }

    private async Task<KazooResponse> RetryUntilCreatedAsync(KazooClient client, JsonObject document, string key)
    {
        var deadline = DateTime.UtcNow + Recovers;
        var answers = new List<HttpStatusCode>();
        while (true)
        {
            var answer = await client.PutAsync(Collection(_account), document, With(key)).WaitAsync(Responds);
            answers.Add(answer.Status);
            if (answer.Status == HttpStatusCode.Created)
            {
                output.WriteLine($"retries answered: {string.Join(", ", answers.Select(s => (int)s))}");
                return answer;
            }
            // Never 409: a claim this process left behind when its request failed is taken over at once, not after its lease.
            Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"A retry got {answer}");
            Assert.True(DateTime.UtcNow < deadline, $"No retry succeeded within {Recovers.TotalSeconds} s: {string.Join(", ", answers)}");
            await Task.Delay(200);
        }
    }

    private async Task AssertOneDocumentAsync(KazooResponse final, JsonObject document)
    {
        var connection = Sql.Unpooled(database.ConnectionString);
        var stored = await Sql.ColumnAsync<string>(connection,
            "SELECT id FROM connectivity_documents WHERE account_id = @account", new NpgsqlParameter("account", _account));
        Assert.Equal([final.Id], stored);
        Assert.Equal(1, await RevisionsAsync(connection, final.Id));
        Assert.Equal(document["account"]!["auth_realm"]!.GetValue<string>(), final.DataObject["account"]!["auth_realm"]!.GetValue<string>());
        Assert.Equal($"/v2/accounts/{_account}/connectivity/{final.Id}", final.Header("Location"));
    }

    /// <summary>The service on the stoppable database: a short circuit break, and a write timeout longer than the test's lock waits.</summary>
    private WebApplicationFactory<Program> Service() =>
        api.Factory.WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:Connectivity", database.ConnectionString)
            .UseSetting("Connectivity:Datastore:BreakSeconds", "1")
            .UseSetting("Connectivity:Datastore:TimeoutSeconds", "10"));

    private KazooClient Client(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateClient();
        http.Timeout = Responds;
        return new KazooClient(http, TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Recovers;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {Recovers.TotalSeconds} s.");
            await Task.Delay(20);
        }
    }

    /// <summary>A statement's locks held by a transaction of the test's own until disposed (rolled back, or lost with the server).</summary>
    private sealed class HeldTransaction : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;

        private HeldTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

        public static async Task<HeldTransaction> BeginAsync(string connectionString, string sql)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
            return new HeldTransaction(connection, transaction);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _transaction.DisposeAsync();
            }
            catch (NpgsqlException)
            {
                // The server went away with the transaction: its locks went with it.
            }
            await _connection.DisposeAsync();
        }
    }
}
