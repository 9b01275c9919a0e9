using Npgsql;
using static Connectivity.Api.Storage.TransactionBatches;

namespace Connectivity.Api.Usage;

/// <summary>
/// Keeps <c>connectivity_usage</c> in step with the documents: called inside every document write's transaction, after
/// the document row is written, it closes the open intervals of what the document no longer holds
/// and opens intervals for what it newly holds. Only differences are written, set-based, in one statement. A document's
/// numbers are one interval of the whole set: a write that leaves 10,000 numbers as they were writes no row for them,
/// and one that changes them writes one row, not 10,000. A deleted document holds nothing, so its delete closes
/// everything.
/// </summary>
public static class UsageRecorder
{
    /// <summary>The statement that records what document <paramref name="documentId"/> holds as of <paramref name="at"/>, the write's time.</summary>
    /// <param name="numbers">The numbers the write gave the document's lookup rows (none for a delete).</param>
    public static NpgsqlBatchCommand Record(string accountId, string documentId, DateTimeOffset at, string[] numbers) =>
        Command(RecordSql, documentId, at.ToUniversalTime(), accountId, numbers);

    /// <summary>
    /// What a live document holds, one row per (kind, item), the item alone deciding the quantity and the numbers: its
    /// revision, the set of its numbers as its lookup rows hold them (in E.164, sorted; disabled servers' numbers too:
    /// they stay assigned), identified by its digest, taken from the write rather than read back from the table, every enabled server by
    /// its position, and its positive trunk counts. Nothing for a deleted document. Values the schema does not constrain
    /// are read defensively, never cast blindly.
    /// </summary>
    private const string Held = """
        WITH document AS (
            SELECT body, revision_number, revision_hash FROM connectivity_documents WHERE id = $1 AND NOT deleted),
        servers AS (
            SELECT s.server, s.position - 1 AS position
            FROM document, jsonb_array_elements(CASE WHEN jsonb_typeof(body -> 'servers') = 'array' THEN body -> 'servers' ELSE '[]' END)
                WITH ORDINALITY AS s(server, position)
            WHERE jsonb_typeof(s.server) = 'object'),
        trunks AS (
            SELECT t.kind, CASE WHEN jsonb_typeof(t.value) = 'number' THEN LEAST(trunc(t.value::numeric), 2147483647) END AS quantity
            FROM document, LATERAL (VALUES
                ('trunks', body #> '{account,trunks}'),
                ('inbound_trunks', body #> '{account,inbound_trunks}'),
                ('outbound_trunks', body #> '{account,outbound_trunks}')) AS t(kind, value)),
        numbers AS (
            SELECT array_agg(number ORDER BY number) AS sorted FROM unnest($4::text[]) AS n(number)),
        held AS (
            SELECT 'document' AS kind, revision_number || '-' || revision_hash AS item, revision_number AS quantity, NULL::text[] AS numbers
            FROM document
            UNION ALL
            SELECT 'dids', md5(array_to_string(sorted, ',')), cardinality(sorted), sorted
            FROM numbers WHERE cardinality(sorted) > 0 AND EXISTS (SELECT FROM document)
            UNION ALL
            SELECT 'server', position::text, 1, NULL::text[] FROM servers WHERE server #> '{options,enabled}' IS DISTINCT FROM 'false'::jsonb
            UNION ALL
            SELECT kind, quantity::text, quantity::int, NULL::text[] FROM trunks WHERE quantity >= 1),
        recorded AS (
            SELECT id, kind, item FROM connectivity_usage WHERE document_id = $1 AND live_until IS NULL)
        """;

    // The two sets are compared whole in one full join, and the intervals that end are closed by primary key. An item decides its
    // quantity (a trunk count is its own item), so what closes and what opens never share an open (kind, item) and the
    // update and the insert cannot collide. $1 the document, $2 the write's time, $3 the account, $4 its numbers.
    private const string RecordSql = Held + ",\n" + """
        changed AS MATERIALIZED (
            SELECT r.id, coalesce(h.kind, r.kind) AS kind, coalesce(h.item, r.item) AS item, h.quantity, h.numbers
            FROM held h FULL JOIN recorded r ON r.kind = h.kind AND r.item = h.item
            WHERE h.kind IS NULL OR r.kind IS NULL),
        closed AS (
            UPDATE connectivity_usage SET live_until = GREATEST(live_from, $2)
            WHERE id = ANY (ARRAY(SELECT id FROM changed WHERE id IS NOT NULL)))
        INSERT INTO connectivity_usage (account_id, document_id, kind, item, quantity, numbers, live_from)
        SELECT $3, $1, kind, item, quantity, numbers, $2 FROM changed WHERE id IS NULL
        """;
}
