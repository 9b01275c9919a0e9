using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Usage;

/// <summary>
/// Keeps <c>connectivity_usage</c> in step with the documents: called inside every document write's transaction, after
/// the document row is saved, it closes the open intervals of what the document no longer holds and opens intervals for
/// what it newly holds. Only differences are written, in two set-based statements: a write that leaves 10,000 numbers
/// as they were writes no row for them. A deleted document holds nothing, so its delete closes everything.
/// </summary>
public static class UsageRecorder
{
    /// <summary>Records what document <paramref name="documentId"/> holds as of <paramref name="at"/>, the write's time.</summary>
    public static async Task RecordAsync(
        ConnectivityDbContext db, string accountId, string documentId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        at = at.ToUniversalTime();
        // The close runs first: a trunk count that changed closes its interval before the new one takes its place.
        await db.Database.ExecuteSqlRawAsync(Close, [documentId, at], cancellationToken);
        await db.Database.ExecuteSqlRawAsync(Open, [documentId, accountId, at], cancellationToken);
    }

    /// <summary>
    /// What a live document holds, one row per (kind, item): its revision, every E.164 number of every server (disabled
    /// servers' numbers too: they stay assigned), every enabled server by its position, and its positive trunk counts.
    /// Nothing for a deleted document. Values the schema does not constrain are read defensively, never cast blindly.
    /// </summary>
    private const string Held = """
        WITH document AS (
            SELECT body, revision_number, revision_hash FROM connectivity_documents WHERE id = {0} AND NOT deleted),
        servers AS (
            SELECT s.server, s.position - 1 AS position
            FROM document, jsonb_array_elements(CASE WHEN jsonb_typeof(body -> 'servers') = 'array' THEN body -> 'servers' ELSE '[]' END)
                WITH ORDINALITY AS s(server, position)
            WHERE jsonb_typeof(s.server) = 'object'),
        trunks AS (
            SELECT t.kind, CASE WHEN jsonb_typeof(t.value) = 'number' THEN LEAST(trunc(t.value::numeric), 2147483647) END AS quantity
            FROM document, LATERAL (VALUES
                ('trunks', body #> '{{account,trunks}}'),
                ('inbound_trunks', body #> '{{account,inbound_trunks}}'),
                ('outbound_trunks', body #> '{{account,outbound_trunks}}')) AS t(kind, value)),
        held AS (
            SELECT 'document' AS kind, revision_number || '-' || revision_hash AS item, revision_number AS quantity FROM document
            UNION
            SELECT 'did', d.number, 1
            FROM servers, jsonb_object_keys(CASE WHEN jsonb_typeof(server -> 'DIDs') = 'object' THEN server -> 'DIDs' ELSE '{{}}' END) AS d(number)
            WHERE d.number ~ '^\+[1-9][0-9]{{1,14}}$'
            UNION
            SELECT 'server', position::text, 1 FROM servers WHERE server #> '{{options,enabled}}' IS DISTINCT FROM 'false'::jsonb
            UNION
            SELECT kind, '', quantity::int FROM trunks WHERE quantity >= 1)
        """;

    private const string Close = Held + """
        UPDATE connectivity_usage u SET live_until = GREATEST(u.live_from, {1})
        WHERE u.document_id = {0} AND u.live_until IS NULL
          AND NOT EXISTS (SELECT 1 FROM held h WHERE h.kind = u.kind AND h.item = u.item AND h.quantity = u.quantity)
        """;

    private const string Open = Held + """
        INSERT INTO connectivity_usage (account_id, document_id, kind, item, quantity, live_from)
        SELECT {1}, {0}, h.kind, h.item, h.quantity, {2} FROM held h
        WHERE NOT EXISTS (
            SELECT 1 FROM connectivity_usage u
            WHERE u.document_id = {0} AND u.live_until IS NULL AND u.kind = h.kind AND u.item = h.item)
        """;
}
