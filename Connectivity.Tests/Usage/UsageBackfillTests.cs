using Connectivity.Api.Storage;
using Connectivity.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Connectivity.Tests.Usage;

public sealed class UsageBackfillTests : IAsyncLifetime
{
    private TestDatabaseServer _server = null!;
    private string _database = "";
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _server = await TestDatabaseServer.GetAsync();
        (_database, _connectionString) = await _server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_database.Length > 0) await _server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Documents_written_before_the_usage_record_existed_are_counted_from_their_creation()
    {
        await using (var db = new ConnectivityDbContext(ConnectivityDatabase.Options(_connectionString)))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_AddUsageIntervals", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
        }
        const string live = "00000000000000000000000000000001", deleted = "00000000000000000000000000000002";
        await Sql.ExecuteAsync(_connectionString, """
            INSERT INTO connectivity_documents (id, account_id, body, revision_number, revision_hash, created_at, modified_at, deleted) VALUES
            ('00000000000000000000000000000001', '0000000000000000000000000000000a', '{"account": {"trunks": 4, "inbound_trunks": "2"}, "servers": [
                {"DIDs": {"+14155550101": {}, "+14155550102": {}, "not a number": {}}},
                {"options": {"enabled": false}, "DIDs": {"+14155550103": {}}}, "not a server"]}',
             3, 'abc', '2025-01-10T08:00:00Z', '2025-01-20T08:00:00Z', false),
            ('00000000000000000000000000000002', '0000000000000000000000000000000a', '{"account": {"outbound_trunks": 2}, "servers": [{"DIDs": {"+14155550104": {}}}]}',
             2, 'def', '2025-01-11T08:00:00Z', '2025-01-15T08:00:00Z', true);
            INSERT INTO connectivity_revisions (document_id, revision_number, revision_hash, operation, body, written_at) VALUES
            ('00000000000000000000000000000002', 1, 'def', 'create', '{}', '2025-01-11T08:00:00Z');
            """);

        await ConnectivityDatabase.MigrateAsync(_connectionString);
        var intervals = await Sql.ColumnAsync<string>(_connectionString, """
            SELECT concat_ws(' ', document_id, kind, CASE WHEN kind = 'dids' THEN array_to_string(numbers, ',') ELSE item END, quantity, to_char(live_from AT TIME ZONE 'UTC', 'MM-DD"T"HH24'),
                coalesce(to_char(live_until AT TIME ZONE 'UTC', 'MM-DD"T"HH24'), 'open'))
            FROM connectivity_usage ORDER BY document_id, kind, item
            """);

        Assert.Equal(
        [
            $"{live} dids +14155550101,+14155550102,+14155550103 3 01-10T08 open",
            $"{live} document 3-abc 3 01-20T08 open",
            $"{live} server 0 1 01-10T08 open",
            $"{live} trunks 4 4 01-10T08 open",
            $"{deleted} dids +14155550104 1 01-11T08 01-15T08",
            $"{deleted} document 1-def 1 01-11T08 01-15T08",
            $"{deleted} outbound_trunks 2 2 01-11T08 01-15T08",
            $"{deleted} server 0 1 01-11T08 01-15T08",
        ], intervals);
    }
}
