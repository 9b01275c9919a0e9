using System.Globalization;
using Connectivity.Api.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Api.Usage;

/// <summary>One account's billable figures for one UTC day.</summary>
public sealed record UsageDay(
    string AccountId, DateOnly Day, long DidDays, long ServerDays, long TrunkDays, long InboundTrunkDays, long OutboundTrunkDays)
{
    public static UsageDay None(string accountId, DateOnly day) => new(accountId, day, 0, 0, 0, 0, 0);

    public UsageDay Plus(UsageDay other) => this with
    {
        DidDays = DidDays + other.DidDays,
        ServerDays = ServerDays + other.ServerDays,
        TrunkDays = TrunkDays + other.TrunkDays,
        InboundTrunkDays = InboundTrunkDays + other.InboundTrunkDays,
        OutboundTrunkDays = OutboundTrunkDays + other.OutboundTrunkDays,
    };
}

/// <summary>A live document at an instant, with the revision it stood at.</summary>
public sealed record UsageDocument(string Id, string Revision);

/// <summary>An account's connectivity as it stood at one instant.</summary>
public sealed record UsageSnapshot(
    DateTimeOffset AsOf, long Dids, long Servers, long Trunks, long InboundTrunks, long OutboundTrunks, IReadOnlyList<UsageDocument> Documents);

/// <summary>
/// Reads <c>connectivity_usage</c>. The billing rules, per UTC day: a DID-day is one distinct number the account held at
/// any moment of the day (a number moved between the account's documents is still one); a server-day is one enabled
/// server (a document's position in <c>servers</c>) live at any moment of the day; trunk-days are, for each document, the
/// highest trunk count live that day, summed over the account's documents (inbound and outbound trunks likewise).
/// Nothing counts after now.
/// </summary>
public sealed class UsageReports(NpgsqlDataSource dataSource, DatastoreResilience resilience, TimeProvider clock, IOptions<UsageOptions> options)
{
    /// <summary>Every day from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), days without usage as zeros.</summary>
    public async Task<IReadOnlyList<UsageDay>> DailyAsync(string accountId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await resilience.ReadAsync(async token =>
        {
            await using var command = dataSource.CreateCommand(DailyQuery + " AND account_id = $4" + DailyGrouping);
            AddPeriod(command, from, to, now);
            command.Parameters.Add(new NpgsqlParameter { Value = accountId });
            await using var reader = await command.ExecuteReaderAsync(token);
            var days = new Dictionary<DateOnly, UsageDay>();
            while (await reader.ReadAsync(token))
            {
                var day = ReadDay(reader);
                days[day.Day] = day;
            }
            return days;
        }, cancellationToken);
        return [.. Days(from, to).Select(day => found.GetValueOrDefault(day) ?? UsageDay.None(accountId, day))];
    }

    /// <summary>What the account had live at <paramref name="at"/>: counts by the rules above, and the documents.</summary>
    public Task<UsageSnapshot> AsOfAsync(string accountId, DateTimeOffset at, CancellationToken cancellationToken) =>
        resilience.ReadAsync(async token =>
        {
            await using var batch = dataSource.CreateBatch();
            foreach (var sql in (string[])[SnapshotCounts, SnapshotDocuments])
            {
                var command = new NpgsqlBatchCommand(sql);
                command.Parameters.Add(new NpgsqlParameter { Value = accountId });
                command.Parameters.Add(new NpgsqlParameter { Value = at.ToUniversalTime() });
                batch.BatchCommands.Add(command);
            }
            await using var reader = await batch.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            var (dids, servers, trunks, inbound, outbound) =
                (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            await reader.NextResultAsync(token);
            var documents = new List<UsageDocument>();
            while (await reader.ReadAsync(token)) documents.Add(new UsageDocument(reader.GetString(0), reader.GetString(1)));
            return new UsageSnapshot(at, dids, servers, trunks, inbound, outbound, documents);
        }, cancellationToken);

    /// <summary>
    /// Every account's days with usage in the period, by account then day, as a reader to stream from. The connection is
    /// opened through the read pipeline (an outage is a fast 503); the query then runs under
    /// <see cref="UsageOptions.ExportTimeoutSeconds"/>, as long as the client takes to receive it.
    /// </summary>
    public async Task<UsageExportRows> ExportAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var connection = await resilience.ReadAsync(async token => await dataSource.OpenConnectionAsync(token), cancellationToken);
        try
        {
            // SET LOCAL lasts as long as the transaction, which ends with the connection.
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var timeout = (options.Value.ExportTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture);
            await using (var set = new NpgsqlCommand($"SET LOCAL statement_timeout = {timeout}", connection, transaction))
                await set.ExecuteNonQueryAsync(cancellationToken);
            var command = new NpgsqlCommand(DailyQuery + DailyGrouping, connection, transaction);
            AddPeriod(command, from, to, now);
            var reader = await command.ExecuteReaderAsync(cancellationToken);
            return new UsageExportRows(connection, command, reader);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static UsageDay ReadDay(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetFieldValue<DateOnly>(1),
        reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6));

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day < to; day = day.AddDays(1)) yield return day;
    }

    private static void AddPeriod(NpgsqlCommand command, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
    }

    // Days are UTC whatever the session's time zone. An interval still open ends now; an empty one (written and taken
    // away in one instant) counts nowhere. $1 from (inclusive), $2 to (exclusive), $3 now.
    private const string DailyQuery = $"""
        WITH days AS (
            SELECT day, day::timestamp AT TIME ZONE 'UTC' AS day_start, (day + 1)::timestamp AT TIME ZONE 'UTC' AS day_end
            FROM (SELECT $1::date + i AS day FROM generate_series(0, $2::date - $1::date - 1) AS i) AS d),
        live AS (
            SELECT account_id, document_id, CASE WHEN kind = 'dids' THEN 'did' ELSE kind END AS kind, COALESCE(n.number, item) AS item,
                quantity, live_from, LEAST(COALESCE(live_until, $3), $3) AS live_until
            FROM connectivity_usage {NumbersOfSets}
            WHERE kind <> 'document'
              AND live_from < LEAST($2::date::timestamp AT TIME ZONE 'UTC', $3)
              AND (live_until IS NULL OR live_until > $1::date::timestamp AT TIME ZONE 'UTC')
        """;

    /// <summary>A set of numbers (kind <c>dids</c>) read as one row per number; every other row as it is.</summary>
    private const string NumbersOfSets = "LEFT JOIN LATERAL unnest(CASE WHEN kind = 'dids' THEN numbers END) AS n(number) ON true";

    private const string DailyGrouping = """
            ),
        units AS (
            -- A trunk count is its own item: per document and day, the highest count of the kind is what counts.
            SELECT l.account_id, d.day, l.kind, l.document_id, CASE WHEN l.kind IN ('did', 'server') THEN l.item END AS item,
                max(l.quantity) AS quantity
            FROM live l JOIN days d ON l.live_from < d.day_end AND l.live_until > d.day_start
            WHERE l.live_until > l.live_from
            GROUP BY 1, 2, 3, 4, 5)
        SELECT account_id, day,
            count(DISTINCT item) FILTER (WHERE kind = 'did'),
            count(*) FILTER (WHERE kind = 'server'),
            COALESCE(sum(quantity) FILTER (WHERE kind = 'trunks'), 0)::bigint,
            COALESCE(sum(quantity) FILTER (WHERE kind = 'inbound_trunks'), 0)::bigint,
            COALESCE(sum(quantity) FILTER (WHERE kind = 'outbound_trunks'), 0)::bigint
        FROM units
        GROUP BY account_id, day
        ORDER BY account_id, day
        """;

    private const string LiveAt = "account_id = $1 AND live_from <= $2 AND (live_until IS NULL OR live_until > $2)";

    private const string SnapshotCounts = $"""
        SELECT count(DISTINCT n.number) FILTER (WHERE kind = 'dids'),
            count(*) FILTER (WHERE kind = 'server'),
            COALESCE(sum(quantity) FILTER (WHERE kind = 'trunks'), 0)::bigint,
            COALESCE(sum(quantity) FILTER (WHERE kind = 'inbound_trunks'), 0)::bigint,
            COALESCE(sum(quantity) FILTER (WHERE kind = 'outbound_trunks'), 0)::bigint
        FROM connectivity_usage {NumbersOfSets} WHERE {LiveAt}
        """;

    private const string SnapshotDocuments = $"SELECT document_id, item FROM connectivity_usage WHERE kind = 'document' AND {LiveAt} ORDER BY document_id";
}

/// <summary>The export's open reader, with the connection and command it reads from; disposing it releases them.</summary>
public sealed class UsageExportRows(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader) : IAsyncDisposable
{
    public NpgsqlDataReader Reader => reader;

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync();
        await command.DisposeAsync();
        // Read only: closing the connection rolls the transaction back.
        await connection.DisposeAsync();
    }
}
