using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Connectivity.Api.Storage;

/// <summary>
/// What the write path builds its batches from (<see cref="TransactionChecks"/>, a copy of lookup rows): a statement
/// with positional arguments, and the context's connection and transaction as Npgsql's. Statements of one batch run
/// one after the other, each with its own snapshot (read committed), so a statement after a lock sees what committed
/// while the lock was awaited, as it would sent on its own.
/// </summary>
public static class TransactionBatches
{
    public static NpgsqlBatchCommand Command(string sql, params object[] arguments)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var argument in arguments) command.Parameters.Add(new NpgsqlParameter { Value = argument });
        return command;
    }

    public static NpgsqlConnection Connection(this ConnectivityDbContext db) => (NpgsqlConnection)db.Database.GetDbConnection();

    public static NpgsqlTransaction Transaction(this ConnectivityDbContext db) =>
        db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
        ?? throw new InvalidOperationException("Called outside the write's transaction");
}
