using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Connectivity.Api.Storage;

/// <summary>
/// Statements sent in one round trip on the context's connection, inside the write's transaction. PostgreSQL runs them
/// one after the other, each with its own snapshot (read committed), so a statement after a lock sees what committed
/// while the lock was awaited, as it would sent on its own.
/// </summary>
public static class TransactionBatches
{
    public static NpgsqlBatch Batch(this ConnectivityDbContext db, params (string Sql, object[] Arguments)[] statements)
    {
        var batch = new NpgsqlBatch(db.Connection(), db.Transaction());
        foreach (var (sql, arguments) in statements) batch.BatchCommands.Add(Command(sql, arguments));
        return batch;
    }

    public static NpgsqlBatchCommand Command(string sql, params object[] arguments)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var argument in arguments) command.Parameters.Add(new NpgsqlParameter { Value = argument });
        return command;
    }

    /// <summary>
    /// Runs statements that answer no rows, prepared when <paramref name="prepared"/>
    /// (<see cref="DatastoreOptions.PrepareStatements"/>): PostgreSQL then keeps each one parsed and planned on the
    /// physical connection, so the write path's larger statements are planned once per connection, not once per write.
    /// Only for statements without a result: a prepared statement whose result columns a migration changes fails until
    /// it is prepared again, one without result columns cannot.
    /// </summary>
    public static async Task ExecuteAsync(this NpgsqlBatch batch, bool prepared, CancellationToken cancellationToken)
    {
        if (prepared) await batch.PrepareAsync(cancellationToken);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public static NpgsqlConnection Connection(this ConnectivityDbContext db) => (NpgsqlConnection)db.Database.GetDbConnection();

    public static NpgsqlTransaction Transaction(this ConnectivityDbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
        ?? throw new InvalidOperationException("Called outside the write's transaction");
}
