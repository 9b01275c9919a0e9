using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Changes;
using Connectivity.Tests.Api;
using Connectivity.Tests.Ownership;
using Npgsql;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Changes;

public sealed class ChangeLogTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();

    [Fact]
    public async Task Every_write_of_a_document_appends_its_account_id_revision_and_operation_in_order()
    {
        var owner = api.AccountClient(_account);
        await using var connection = await OpenAsync();
        var before = await ChangeLog.HeadAsync(connection, default);

        var created = await owner.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        await owner.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = "patched" });
        await owner.PostAsync(Document(_account, created.Id), TestDocuments.Trunk(TestDocuments.NewNumber()));
        await owner.DeleteAsync(Document(_account, created.Id));

        var changes = await ChangeLog.ReadAfterAsync(connection, before, 100, default);
        Assert.Equal(
            [("create", 1), ("patch", 2), ("replace", 3), ("delete", 4)],
            changes.Select(c => (c.Operation, c.Revision ?? 0)));
        Assert.All(changes, c => Assert.Equal((ChangeRow.Connectivity, _account, created.Id), (c.DocumentType, c.AccountId, c.DocumentId)));
        Assert.Equal(Enumerable.Range(1, 4).Select(i => before + i), changes.Select(c => c.Position));
        Assert.Equal(changes.Last().Position, await ChangeLog.HeadAsync(connection, default));
    }

    [Fact]
    public async Task A_read_in_whole_transactions_never_ends_inside_a_batch_and_takes_a_batch_longer_than_the_limit_whole()
    {
        var owner = api.AccountClient(_account);
        await using var connection = await OpenAsync();
        var before = await ChangeLog.HeadAsync(connection, default);

        var first = await owner.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var batch = await owner.PostAsync(BatchTests.Batch(_account), new JsonArray(
            [.. Enumerable.Range(0, 3).Select(_ => BatchTests.Item("create", data: TestDocuments.Trunk(TestDocuments.NewNumber())))]));
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        var last = await owner.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));

        var (read, more) = await ChangeLog.ReadTransactionsAfterAsync(connection, before, 2, default);
        Assert.Equal([first.Id], read.Select(c => c.DocumentId));
        Assert.True(more);
        (read, more) = await ChangeLog.ReadTransactionsAfterAsync(connection, read[^1].Position, 2, default);
        Assert.Equal(batch.Data!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Order(), read.Select(c => c.DocumentId).Order());
        Assert.True(more);
        (read, more) = await ChangeLog.ReadTransactionsAfterAsync(connection, read[^1].Position, 2, default);
        Assert.Equal([last.Id], read.Select(c => c.DocumentId));
        Assert.False(more);
    }

    [Fact]
    public async Task Adding_and_releasing_a_phone_number_appends_entries_for_the_number()
    {
        var number = TestDocuments.NewNumber();
        await using var connection = await OpenAsync();
        var before = await ChangeLog.HeadAsync(connection, default);

        await api.AddNumbersAsync(_account, number);
        Assert.Equal(HttpStatusCode.OK, (await api.AdminClient().DeleteAsync(Inventory.Number(_account, number))).Status);

        var changes = await ChangeLog.ReadAfterAsync(connection, before, 100, default);
        Assert.Equal([("insert", number), ("delete", number)], changes.Select(c => (c.Operation, c.DocumentId)));
        Assert.All(changes, c => Assert.Equal((ChangeRow.PhoneNumber, _account), (c.DocumentType, c.AccountId)));
    }

    [Fact]
    public async Task A_write_that_is_refused_or_rolled_back_leaves_no_entry()
    {
        var owner = api.AccountClient(_account);
        var number = TestDocuments.NewNumber();
        await owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        await using var connection = await OpenAsync();
        var before = await ChangeLog.HeadAsync(connection, default);

        var conflicting = await owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        Assert.Equal(HttpStatusCode.Conflict, conflicting.Status);
        Assert.Empty(await ChangeLog.ReadAfterAsync(connection, before, 100, default));
        Assert.Equal(before, await ChangeLog.HeadAsync(connection, default));
    }

    /// <summary>
    /// Writers hold their transactions open for random times after writing, so they commit in an order unrelated to
    /// the order they wrote in; a few roll back. A consumer that only ever asks for what is after the last position it
    /// read must still see every committed write exactly once, in position order, and no rolled-back one.
    /// </summary>
    [Fact]
    public async Task A_consumer_following_the_log_during_concurrent_writes_sees_every_commit_exactly_once_in_order()
    {
        const int writers = 8, writesEach = 25;
        await using var consumerConnection = await OpenAsync();
        var start = await ChangeLog.HeadAsync(consumerConnection, default);
        var committed = new ConcurrentBag<string>();
        var rolledBack = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var seen = new List<ChangeRow>();
        var consumer = Task.Run(async () =>
        {
            var position = start;
            while (true)
            {
                var stopping = stop.IsCancellationRequested;
                var changes = await ChangeLog.ReadAfterAsync(consumerConnection, position, 1000, default);
                seen.AddRange(changes);
                if (changes.Count > 0) position = changes[^1].Position;
                else if (stopping) return;
            }
        });

        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            await using var connection = await OpenAsync();
            for (var i = 0; i < writesEach; i++)
            {
                var number = TestDocuments.NewNumber();
                await using var transaction = await connection.BeginTransactionAsync();
                await ExecuteAsync(connection, "INSERT INTO phone_numbers (number, account_id, state, created_at, updated_at) VALUES ($1, $2, 'in_service', now(), now())",
                    number, _account);
                await ExecuteAsync(connection, "SELECT pg_sleep($1)", Random.Shared.NextDouble() * 0.02);
                if (Random.Shared.Next(10) == 0)
                {
                    await transaction.RollbackAsync();
                    rolledBack.Add(number);
                }
                else
                {
                    await transaction.CommitAsync();
                    committed.Add(number);
                }
            }
        })));
        await stop.CancelAsync();
        await consumer;

        Assert.Equal(committed.Order(), seen.Select(c => c.DocumentId).Order());
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => start + i), seen.Select(c => c.Position));
        Assert.DoesNotContain(seen, c => rolledBack.Contains(c.DocumentId));
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] arguments)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var argument in arguments) command.Parameters.Add(new NpgsqlParameter { Value = argument });
        await command.ExecuteNonQueryAsync();
    }
}
