using Npgsql;

namespace Connectivity.Api.Changes;

/// <summary>
/// Reading the change log (<c>connectivity_changes</c>). Every committed write of something a lookup reads appends an
/// entry in its own transaction, at commit time, under the head row's lock: positions are 1, 2, 3, … in commit order,
/// so a consumer that has read up to n and asks for what is after n never skips a transaction that commits late.
/// PostgreSQL notifies <see cref="Channel"/> when a transaction appended; the notification only wakes consumers.
/// </summary>
public static class ChangeLog
{
    public const string Channel = "connectivity_changes";

    /// <summary>The entries after <paramref name="position"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public static async Task<List<ChangeRow>> ReadAfterAsync(
        NpgsqlConnection connection, long position, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT position, account_id, document_type, document_id, revision, operation, changed_at
            FROM connectivity_changes WHERE position > $1 ORDER BY position LIMIT $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadRowsAsync(command, cancellationToken);
    }

    /// <summary>
    /// The entries after <paramref name="position"/>, oldest first, in whole transactions: at most
    /// <paramref name="limit"/> entries, unless one transaction alone appended more, which then comes whole.
    /// <c>More</c> is true when the log may hold entries after them. A reader that applies what each call returns at
    /// once never shows half of a transaction, such as a batch that moves a number between two documents.
    /// </summary>
    public static async Task<(List<ChangeRow> Changes, bool More)> ReadTransactionsAfterAsync(
        NpgsqlConnection connection, long position, int limit, CancellationToken cancellationToken)
    {
        var page = await ReadWithTransactionsAsync(connection, position, limit, cancellationToken);
        if (page.Count < limit) return ([.. page.Select(e => e.Change)], false);

        var last = page[^1].Transaction;
        var lastWhole = page.FindLastIndex(e => e.Transaction != last);
        if (lastWhole >= 0) return ([.. page.Take(lastWhole + 1).Select(e => e.Change)], true);

        // The whole page is one transaction's, and it may go on past the page: read the rest of it.
        var changes = page.Select(e => e.Change).ToList();
        while (true)
        {
            var next = await ReadWithTransactionsAsync(connection, changes[^1].Position, limit, cancellationToken);
            var same = next.TakeWhile(e => e.Transaction == last).Select(e => e.Change).ToList();
            changes.AddRange(same);
            if (same.Count < next.Count) return (changes, true);
            if (next.Count < limit) return (changes, false);
        }
    }

    /// <summary>
    /// Entries with the transaction that appended them. The trigger appends them all at commit, under the head row's
    /// lock, so one transaction's entries are consecutive and share their <c>xmin</c>.
    /// </summary>
    private static async Task<List<(ChangeRow Change, string Transaction)>> ReadWithTransactionsAsync(
        NpgsqlConnection connection, long position, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT position, account_id, document_type, document_id, revision, operation, changed_at, xmin::text
            FROM connectivity_changes WHERE position > $1 ORDER BY position LIMIT $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var entries = new List<(ChangeRow, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) entries.Add((Read(reader), reader.GetString(7)));
        return entries;
    }

    /// <summary>
    /// One account's entries after <paramref name="position"/> and up to <paramref name="upTo"/>, oldest first, at most
    /// <paramref name="limit"/>.
    /// </summary>
    public static async Task<List<ChangeRow>> ReadAccountAsync(
        NpgsqlConnection connection, string accountId, long position, long upTo, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT position, account_id, document_type, document_id, revision, operation, changed_at
            FROM connectivity_changes WHERE account_id = $1 AND position > $2 AND position <= $3 ORDER BY position LIMIT $4
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = accountId });
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        command.Parameters.Add(new NpgsqlParameter { Value = upTo });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadRowsAsync(command, cancellationToken);
    }

    private static async Task<List<ChangeRow>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var changes = new List<ChangeRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) changes.Add(Read(reader));
        return changes;
    }

    private static ChangeRow Read(NpgsqlDataReader reader) => new()
    {
        Position = reader.GetInt64(0),
        AccountId = reader.GetString(1),
        DocumentType = reader.GetString(2),
        DocumentId = reader.GetString(3),
        Revision = reader.IsDBNull(4) ? null : reader.GetInt32(4),
        Operation = reader.GetString(5),
        ChangedAt = reader.GetFieldValue<DateTimeOffset>(6),
    };

    /// <summary>The position of the last committed change (0 before the first).</summary>
    public static async Task<long> HeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT position FROM connectivity_change_head WHERE id = 1", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
