using Npgsql;

namespace Connectivity.Api.Storage;

/// <summary>
/// The checks several owners make inside a write's transaction (a quota, a realm's owner, the inventory of the numbers),
/// sent in one round trip: each owner adds its statements with how it reads their answers, and what it must do once
/// it has read them. The answers are read in the order the owners added them; the follow-ups run after the whole
/// batch has been read, since a connection runs one command at a time. A check that refuses throws from its read,
/// and the caller rolls the transaction back with everything the batch did.
/// </summary>
public sealed class TransactionChecks(ConnectivityDbContext db)
{
    private readonly List<(string Sql, object[] Arguments)> _statements = [];
    private readonly List<Func<CheckAnswers, CancellationToken, Task>> _reads = [];
    private readonly List<Func<CancellationToken, Task>> _followUps = [];

    /// <summary>
    /// Statements to send, with the reading of their answers: one <see cref="CheckAnswers.NextAsync"/> per statement
    /// that answers rows (a <c>SELECT</c>), none for one that answers none (an <c>INSERT</c> or a <c>DELETE</c>).
    /// </summary>
    public void Add(Func<CheckAnswers, CancellationToken, Task>? read, params (string Sql, object[] Arguments)[] statements)
    {
        _statements.AddRange(statements);
        if (read is not null) _reads.Add(read);
    }

    /// <summary>What to do once every answer has been read, in the order added.</summary>
    public void Then(Func<CancellationToken, Task> followUp) => _followUps.Add(followUp);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_statements.Count > 0)
        {
            await using var batch = db.Batch([.. _statements]);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var answers = new CheckAnswers(reader);
            foreach (var read in _reads) await read(answers, cancellationToken);
        }
        foreach (var followUp in _followUps) await followUp(cancellationToken);
    }
}

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
