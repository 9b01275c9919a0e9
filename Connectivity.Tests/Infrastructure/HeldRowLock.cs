using Npgsql;

namespace Connectivity.Tests.Infrastructure;

/// <summary>
/// A connectivity document's row lock held by a transaction of its own, as a slow concurrent writer would hold it,
/// until released (rolled back) or disposed.
/// </summary>
internal sealed class HeldRowLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private HeldRowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        (_connection, _transaction) = (connection, transaction);

    public static async Task<HeldRowLock> TakeAsync(string connectionString, string documentId)
    {
        var connection = new NpgsqlConnection(Sql.Unpooled(connectionString));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var lockRow = new NpgsqlCommand("SELECT 1 FROM connectivity_documents WHERE id = @id FOR UPDATE", connection, transaction);
        lockRow.Parameters.AddWithValue("id", documentId);
        await lockRow.ExecuteNonQueryAsync();
        return new HeldRowLock(connection, transaction);
    }

    public Task ReleaseAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
