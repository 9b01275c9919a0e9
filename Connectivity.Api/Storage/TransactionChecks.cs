using Npgsql;
using static Connectivity.Api.Storage.TransactionBatches;

namespace Connectivity.Api.Storage;

/// <summary>
/// What several owners send inside a write's transaction (a quota, a realm's owner, the inventory of the numbers, the
/// document's row, its lookup rows, its records), in one round trip: each owner adds its statements with how it reads
/// their answers, what it must do once it has read them, and how it tells its own failures. The answers are read in
/// the order the owners added them; the follow-ups run after the whole batch has been read, since a connection runs
/// one command at a time. A check that refuses throws from its read, and the caller rolls the transaction back with
/// everything the batch did.
/// </summary>
/// <param name="prepared">
/// Whether the batch is prepared (<see cref="DatastoreOptions.PrepareStatements"/>): PostgreSQL then keeps each
/// statement parsed and planned on the physical connection, so a write's statements are planned once per connection.
/// </param>
public sealed class TransactionChecks(ConnectivityDbContext db, bool prepared = false)
{
    private readonly List<NpgsqlBatchCommand> _commands = [];
    private readonly List<Func<CheckAnswers, CancellationToken, Task>> _reads = [];
    private readonly List<Func<CancellationToken, Task>> _followUps = [];
    private readonly List<Func<PostgresException, Exception?>> _failures = [];

    /// <summary>
    /// Statements to send, with the reading of their answers: one <see cref="CheckAnswers.NextAsync"/> per statement
    /// that answers rows (a <c>SELECT</c>), none for one that answers none (an <c>INSERT</c> or a <c>DELETE</c>).
    /// </summary>
    public void Add(Func<CheckAnswers, CancellationToken, Task>? read, params (string Sql, object[] Arguments)[] statements) =>
        Add(read, [.. statements.Select(s => Command(s.Sql, s.Arguments))]);

    /// <inheritdoc cref="Add(Func{CheckAnswers, CancellationToken, Task}?, ValueTuple{string, object[]}[])"/>
    /// <remarks>A command's <see cref="NpgsqlBatchCommand.RecordsAffected"/> is known by the follow-ups.</remarks>
    public void Add(Func<CheckAnswers, CancellationToken, Task>? read, params NpgsqlBatchCommand[] commands)
    {
        _commands.AddRange(commands);
        if (read is not null) _reads.Add(read);
    }

    /// <summary>What to do once every answer has been read, in the order added.</summary>
    public void Then(Func<CancellationToken, Task> followUp) => _followUps.Add(followUp);

    /// <summary>
    /// How an owner tells a failure of its statements or follow-ups (a unique key it inserts, taken): the exception to
    /// throw instead, or null when the failure is not its own.
    /// </summary>
    public void OnFailure(Func<PostgresException, Exception?> tell) => _failures.Add(tell);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_commands.Count > 0)
            {
                await using var batch = new NpgsqlBatch(db.Connection(), db.Transaction());
                foreach (var command in _commands) batch.BatchCommands.Add(command);
                if (prepared) await batch.PrepareAsync(cancellationToken);
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                var answers = new CheckAnswers(reader);
                foreach (var read in _reads) await read(answers, cancellationToken);
                // The statements after the last one read still have to run to the end before the follow-ups.
                while (await reader.NextResultAsync(cancellationToken)) { }
            }
            foreach (var followUp in _followUps) await followUp(cancellationToken);
        }
        catch (PostgresException e) when (_failures.Select(tell => tell(e)).FirstOrDefault(told => told is not null) is { } told)
        {
            throw told;
        }
        catch (PostgresException e) when (prepared && e is { SqlState: PostgresErrorCodes.FeatureNotSupported, Routine: "RevalidateCachedQuery" })
        {
            throw new StalePreparedStatementException(e);
        }
    }
}

/// <summary>
/// PostgreSQL refused a statement prepared before a schema change altered its result ("cached plan must not change
/// result type"): the transaction is rolled back whole, and Npgsql prepares the statement again when it next runs.
/// </summary>
public sealed class StalePreparedStatementException(PostgresException inner) : Exception("A prepared statement went stale under a schema change", inner);

/// <summary>The answers of a <see cref="TransactionChecks"/> batch, statement after statement.</summary>
public sealed class CheckAnswers(NpgsqlDataReader reader)
{
    private bool _started;

    /// <summary>The rows of the next statement that answers rows.</summary>
    public async Task<NpgsqlDataReader> NextAsync(CancellationToken cancellationToken)
    {
        if (_started && !await reader.NextResultAsync(cancellationToken))
            throw new InvalidOperationException("A check read more answers than its statements give");
        _started = true;
        return reader;
    }

    /// <summary>The single value the next statement that answers rows answers.</summary>
    public async Task<T> ValueAsync<T>(CancellationToken cancellationToken)
    {
        var rows = await NextAsync(cancellationToken);
        return await rows.ReadAsync(cancellationToken) ? rows.GetFieldValue<T>(0)
            : throw new InvalidOperationException("A check's statement answered no row");
    }
}
