using Connectivity.Api.Storage;
using Connectivity.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using static Connectivity.Api.Storage.TransactionBatches;

namespace Connectivity.Api.Lookups;

/// <summary>
/// The one owner of the lookup tables (<c>connectivity_dids</c>, <c>connectivity_credentials</c>,
/// <c>connectivity_ips</c>): a write rewrites a document's rows here, inside the write's transaction, after checking
/// in one round trip what other documents already hold (the call-time reads of them are <see cref="LookupStore"/>'s).
/// Their primary keys make each number, credential and IP unique across the whole system.
/// </summary>
public sealed class LookupTables(ConnectivityDbContext db, IOptions<DatastoreOptions> options)
{
    /// <summary>What of <paramref name="index"/> another document holds, in one query. Call inside the write's transaction.</summary>
    private Task<LookupConflicts> FindConflictsAsync(string documentId, DocumentIndex index, CancellationToken cancellationToken) =>
        index.Dids.Count == 0 && index.Credentials.Count == 0 && index.Ips.Count == 0
            ? Task.FromResult(LookupConflicts.None)
            : HeldByOthersAsync([documentId], [.. index.Dids.Select(d => d.Number)], index.Credentials, [.. index.Ips.Select(i => i.Address)], cancellationToken);

    /// <summary>
    /// For each document of a batch written in one transaction, what of its index is held by a document outside the
    /// batch or by another document of the batch, in one query: a key leaving one document of the batch for another is
    /// no conflict, a key two documents of the batch both hold is. A document with a null index (being deleted) holds
    /// nothing. Only documents with a conflict are in the answer. Call inside the batch's transaction.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, LookupConflicts>> FindConflictsAsync(
        string accountId, IReadOnlyList<(string DocumentId, DocumentIndex? Index)> batch, CancellationToken cancellationToken)
    {
        var documents = batch.Where(d => d.Index is not null).Select(d => (d.DocumentId, Index: d.Index!)).ToList();
        var outside = await HeldByOthersAsync(
            [.. batch.Select(d => d.DocumentId)],
            [.. documents.SelectMany(d => d.Index.Dids.Select(n => n.Number)).Distinct(StringComparer.Ordinal)],
            [.. documents.SelectMany(d => d.Index.Credentials)],
            [.. documents.SelectMany(d => d.Index.Ips.Select(i => i.Address)).Distinct(StringComparer.Ordinal)],
            cancellationToken);
        var heldDids = outside.Dids.ToDictionary(d => d.Number, StringComparer.Ordinal);
        var heldCredentials = outside.Credentials.DistinctBy(c => (c.Realm, c.Username)).ToDictionary(c => (c.Realm, c.Username));
        var heldIps = outside.Ips.ToDictionary(i => i.Address, StringComparer.Ordinal);
        var didClaims = Claims(documents, index => index.Dids.Select(d => d.Number));
        var credentialClaims = Claims(documents, index => index.Credentials.Select(c => (c.Realm, c.Username)));
        var ipClaims = Claims(documents, index => index.Ips.Select(i => i.Address));

        var conflicts = new Dictionary<string, LookupConflicts>(StringComparer.Ordinal);
        foreach (var (documentId, index) in documents)
        {
            // A key held outside the batch is reported with its holder; one held twice within the batch names the other.
            var dids = new List<HeldDid>();
            foreach (var number in index.Dids.Select(d => d.Number).Distinct().Order(StringComparer.Ordinal))
                if (heldDids.TryGetValue(number, out var held)) dids.Add(held);
                else if (OtherOf(didClaims, number, documentId) is { } other) dids.Add(new HeldDid(number, accountId, other));
            var credentials = new List<HeldCredential>();
            foreach (var key in index.Credentials.Select(c => (c.Realm, c.Username)).Distinct())
                if (heldCredentials.TryGetValue(key, out var held)) credentials.Add(held);
                else if (OtherOf(credentialClaims, key, documentId) is { } other) credentials.Add(new HeldCredential(key.Realm, key.Username, accountId, other));
            var ips = new List<HeldIp>();
            foreach (var address in index.Ips.Select(i => i.Address).Distinct().Order(StringComparer.Ordinal))
                if (heldIps.TryGetValue(address, out var held)) ips.Add(held);
                else if (OtherOf(ipClaims, address, documentId) is { } other) ips.Add(new HeldIp(address, accountId, other));
            var found = new LookupConflicts(dids, credentials, ips);
            if (!found.IsEmpty) conflicts[documentId] = found;
        }
        return conflicts;
    }

    /// <summary>For each key, the documents of the batch that hold it.</summary>
    private static Dictionary<TKey, List<string>> Claims<TKey>(
        IReadOnlyList<(string DocumentId, DocumentIndex Index)> documents, Func<DocumentIndex, IEnumerable<TKey>> keys) where TKey : notnull
    {
        var claims = new Dictionary<TKey, List<string>>();
        foreach (var (documentId, index) in documents)
            foreach (var key in keys(index).Distinct())
                (claims.TryGetValue(key, out var holders) ? holders : claims[key] = []).Add(documentId);
        return claims;
    }

    private static string? OtherOf<TKey>(Dictionary<TKey, List<string>> claims, TKey key, string documentId) where TKey : notnull =>
        claims[key].FirstOrDefault(holder => holder != documentId);

    /// <summary>What documents other than <paramref name="documentIds"/> hold of these keys, in one query.</summary>
    private async Task<LookupConflicts> HeldByOthersAsync(
        string[] documentIds, string[] numbers, IReadOnlyList<CredentialEntry> credentials, string[] addresses, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ConflictQuery, db.Connection(), db.Transaction());
        command.Parameters.Add(new NpgsqlParameter { Value = documentIds });
        command.Parameters.Add(new NpgsqlParameter { Value = numbers });
        command.Parameters.Add(new NpgsqlParameter { Value = credentials.Select(c => c.Realm).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = credentials.Select(c => c.Username).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = addresses });

        var dids = new List<HeldDid>();
        var held = new List<HeldCredential>();
        var ips = new List<HeldIp>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (key, accountId, holder) = (reader.GetString(1), reader.GetString(3), reader.GetString(4));
            switch (reader.GetInt32(0))
            {
                case 0: dids.Add(new HeldDid(key, accountId, holder)); break;
                case 1: held.Add(new HeldCredential(key, reader.GetString(2), accountId, holder)); break;
                default: ips.Add(new HeldIp(key, accountId, holder)); break;
            }
        }
        return new LookupConflicts(dids, held, ips);
    }

    // Credentials keep the document's order (as they are reported), numbers and addresses are sorted.
    private const string ConflictQuery = """
        SELECT 0, number, '', account_id, document_id, 0::bigint FROM connectivity_dids
        WHERE number = ANY($2) AND document_id <> ALL($1)
        UNION ALL
        SELECT 1, c.realm, c.username, c.account_id, c.document_id, w.ord
        FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS w(realm, username, ord)
        JOIN connectivity_credentials c ON c.realm = w.realm AND c.username = w.username
        WHERE c.document_id <> ALL($1)
        UNION ALL
        SELECT 2, address, '', account_id, document_id, 0 FROM connectivity_ips
        WHERE address = ANY($5) AND document_id <> ALL($1)
        ORDER BY 1, 6, 2
        """;

    /// <summary>
    /// Replaces the document's rows with <paramref name="index"/>, in bulk, as part of the write's
    /// <paramref name="checks"/> (a document of <see cref="CopiedDidRows"/> DIDs or more has its DID rows copied right
    /// after them). A write that conflicts with nothing, the usual case, needs no separate check: the rows are inserted
    /// plainly and the unique indexes refuse a held key. That loses the transaction (<see cref="ConcurrentClaimException"/>:
    /// the caller runs the write again), and from then on this request's inserts skip held keys, so the next attempt
    /// learns who holds them: the checks then throw <paramref name="rejected"/> of what other documents hold. Add it
    /// after the document's row and after the claims, which read the rows it replaces.
    /// </summary>
    /// <param name="replaces">False for a new document, which has no rows to remove.</param>
    public void AddReplacement(TransactionChecks checks, string accountId, string documentId, DocumentIndex index, bool replaces,
        Func<LookupConflicts, Exception> rejected)
    {
        var copyDids = !_keysContended && index.Dids.Count >= CopiedDidRows;
        NpgsqlBatchCommand[] removal = replaces ? Removal([documentId]) : [];
        var inserts = Insertions(accountId, documentId, index, skipHeld: _keysContended, withDids: !copyDids);
        checks.Add(null, [.. removal, .. inserts.Select(i => i.Command)]);
        checks.OnFailure(e => e.SqlState == PostgresErrorCodes.UniqueViolation && !_keysContended && e.ConstraintName is { } key && Keys.Contains(key)
            ? Contended(e) : null);
        checks.Then(async cancellationToken =>
        {
            if (copyDids) await CopyDidsAsync(accountId, documentId, index.Dids, cancellationToken);
            if (AllInserted(inserts)) return;
            var conflicts = await FindConflictsAsync(documentId, index, cancellationToken);
            // Skipped, yet nobody else holds it now: a concurrent holder let go in between. The write is run again.
            throw conflicts.IsEmpty ? new ConcurrentClaimException() : rejected(conflicts);
        });
    }

    /// <summary>The unique keys of the lookup tables: one of them taken is a claim lost to another document.</summary>
    private static readonly string[] Keys = ["pk_connectivity_dids", "pk_connectivity_credentials", "pk_connectivity_ips"];

    private ConcurrentClaimException Contended(PostgresException e)
    {
        _keysContended = true;
        return new ConcurrentClaimException(e);
    }

    /// <summary>
    /// From this many DIDs a document's DID rows are sent by binary <c>COPY</c>, which PostgreSQL stores a fifth to a
    /// third faster than an <c>INSERT</c> from arrays (psql, 10,000 rows: 55–58 ms against 74–89), for one more round
    /// trip; at 1,000 rows the two take the same time and the round trip would be the difference.
    /// </summary>
    private const int CopiedDidRows = 2_000;

    private async Task CopyDidsAsync(string accountId, string documentId, IReadOnlyList<DidEntry> dids, CancellationToken cancellationToken)
    {
        await using var copy = await db.Connection().BeginBinaryImportAsync(
            "COPY connectivity_dids (number, document_id, account_id, server_index) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var did in dids)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(did.Number, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(documentId, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(accountId, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(did.ServerIndex, NpgsqlDbType.Integer, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// A plain insert of this request's lookup rows hit a held key: later attempts insert around held keys (a unique
    /// index probed by <c>ON CONFLICT DO NOTHING</c> costs a third more per row than a plain insert, so only then).
    /// </summary>
    private bool _keysContended;

    /// <summary>
    /// Replaces the rows of every document of a batch, in one round trip: all their old rows go before any new row is
    /// inserted, so a key moving between them is never held twice. A document with a null index (deleted) keeps no rows.
    /// Call inside the batch's transaction, after the batch's conflict check and after the document rows are saved.
    /// </summary>
    /// <exception cref="ConcurrentClaimException">A concurrent transaction claimed one of the keys since the check.</exception>
    public async Task ReplaceAsync(string accountId, IReadOnlyList<(string DocumentId, DocumentIndex? Index)> documents, CancellationToken cancellationToken)
    {
        var inserts = documents.Where(d => d.Index is not null).SelectMany(d => Insertions(accountId, d.DocumentId, d.Index!, skipHeld: true)).ToList();
        var checks = new TransactionChecks(db, options.Value.PrepareStatements);
        checks.Add(null, [.. Removal([.. documents.Select(d => d.DocumentId)]), .. inserts.Select(i => i.Command)]);
        await checks.RunAsync(cancellationToken);
        if (!AllInserted(inserts)) throw new ConcurrentClaimException();
    }

    /// <summary>
    /// The inserts of a document's rows (its DID rows unless <paramref name="withDids"/> is false), each with the rows it
    /// should insert; with <paramref name="skipHeld"/>, skipping keys another document holds.
    /// </summary>
    private static List<(NpgsqlBatchCommand Command, int Rows)> Insertions(
        string accountId, string documentId, DocumentIndex index, bool skipHeld, bool withDids = true)
    {
        var onConflict = skipHeld ? " ON CONFLICT DO NOTHING" : "";
        var inserts = new List<(NpgsqlBatchCommand Command, int Rows)>();
        if (withDids && index.Dids.Count > 0)
            inserts.Add((Command(
                "INSERT INTO connectivity_dids (number, document_id, account_id, server_index) SELECT k, $1, $2, s FROM unnest($3::text[], $4::int[]) AS t(k, s)" + onConflict,
                documentId, accountId, index.Dids.Select(d => d.Number).ToArray(), index.Dids.Select(d => d.ServerIndex).ToArray()), index.Dids.Count));
        if (index.Credentials.Count > 0)
            inserts.Add((Command(
                "INSERT INTO connectivity_credentials (realm, username, document_id, account_id, server_index) SELECT r, u, $1, $2, s FROM unnest($3::text[], $4::text[], $5::int[]) AS t(r, u, s)" + onConflict,
                documentId, accountId, index.Credentials.Select(c => c.Realm).ToArray(), index.Credentials.Select(c => c.Username).ToArray(),
                index.Credentials.Select(c => c.ServerIndex).ToArray()), index.Credentials.Count));
        if (index.Ips.Count > 0)
            inserts.Add((Command(
                "INSERT INTO connectivity_ips (address, document_id, account_id, server_index) SELECT k, $1, $2, s FROM unnest($3::text[], $4::int[]) AS t(k, s)" + onConflict,
                documentId, accountId, index.Ips.Select(i => i.Address).ToArray(), index.Ips.Select(i => i.ServerIndex).ToArray()), index.Ips.Count));
        return inserts;
    }

    private static bool AllInserted(IEnumerable<(NpgsqlBatchCommand Command, int Rows)> inserts) =>
        inserts.All(insert => insert.Command.RecordsAffected == insert.Rows);

    /// <summary>Removes the document's rows, as part of its delete's <paramref name="checks"/>: it no longer answers any lookup.</summary>
    public static void AddRemoval(TransactionChecks checks, string documentId) => checks.Add(null, Removal([documentId]));

    /// <summary>True when a live document routes <paramref name="number"/>.</summary>
    public Task<bool> RoutesAsync(string number, CancellationToken cancellationToken) =>
        db.Set<DidRow>().AnyAsync(d => d.Number == number, cancellationToken);

    /// <summary>
    /// Live documents with their lookup keys: all of them (<paramref name="ids"/> null) or those named. Run inside a
    /// repeatable-read transaction so that the documents and their keys come from one snapshot. A document whose keys
    /// were <paramref name="handed"/> over by this replica's write is read without its lookup rows, when its body is
    /// still at the revision that write left.
    /// </summary>
    internal static async Task<List<IndexedDocument>> ReadIndexedAsync(
        NpgsqlConnection connection, string[]? ids, IReadOnlyDictionary<string, WrittenKeys> handed, CancellationToken cancellationToken)
    {
        string[]? keysOf = ids is null || handed.Count == 0 ? ids : [.. ids.Where(id => !handed.ContainsKey(id))];
        var only = ids is null ? "" : " AND document_id = ANY($1)";
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(ids is null
            ? Command("SELECT id, account_id, revision_number, body::text FROM connectivity_documents WHERE NOT deleted")
            : Command("SELECT id, account_id, revision_number, body::text FROM connectivity_documents WHERE NOT deleted AND id = ANY($1)", (object)ids));
        if (keysOf is null || keysOf.Length > 0)
            foreach (var sql in (string[])[
                // One row per document, not per number: a million numbers arrive without a million document ids.
                $"SELECT document_id, array_agg(number), array_agg(server_index) FROM connectivity_dids WHERE true{only} GROUP BY document_id",
                $"SELECT document_id, realm, username, server_index FROM connectivity_credentials WHERE true{only}",
                $"SELECT document_id, address, '', server_index FROM connectivity_ips WHERE true{only}"])
                batch.BatchCommands.Add(keysOf is null ? Command(sql) : Command(sql, (object)keysOf));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var bodies = new Dictionary<string, (string AccountId, int Revision, byte[] Body)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            bodies[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<byte[]>(3));

        var dids = new Dictionary<string, (DidKey, int)[]>(StringComparer.Ordinal);
        var credentials = new Dictionary<string, List<(string, string, int)>>(StringComparer.Ordinal);
        var ips = new Dictionary<string, List<(string, int)>>(StringComparer.Ordinal);
        if (await reader.NextResultAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (numbers, servers) = (reader.GetFieldValue<string[]>(1), reader.GetFieldValue<int[]>(2));
                var keys = new List<(DidKey, int)>(numbers.Length);
                // A row that is not E.164 can never be asked for (lookups normalise to E.164): it is left out, never a
                // reason for the index not to load.
                for (var i = 0; i < numbers.Length; i++)
                    if (DidKey.TryParse(numbers[i], out var key)) keys.Add((key, servers[i]));
                dids[reader.GetString(0)] = [.. keys];
            }
            for (var table = 0; table < 2; table++)
            {
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (documentId, key, server) = (reader.GetString(0), reader.GetString(1), reader.GetInt32(3));
                    if (table == 0) Of(credentials, documentId).Add((key, reader.GetString(2), server));
                    else Of(ips, documentId).Add((key, server));
                }
            }
        }
        await reader.DisposeAsync();

        var documents = new List<IndexedDocument>(bodies.Count);
        var movedOn = new List<string>();
        foreach (var (id, (accountId, revision, body)) in bodies)
        {
            if (handed.TryGetValue(id, out var written))
            {
                // Changed again since this replica wrote it: its keys are read like any other document's.
                if (written.Revision != revision) movedOn.Add(id);
                else documents.Add(new IndexedDocument(id, accountId, body, written.Dids, written.Credentials, written.Ips));
                continue;
            }
            documents.Add(new IndexedDocument(id, accountId, body,
                dids.GetValueOrDefault(id) ?? [], credentials.GetValueOrDefault(id) ?? [], ips.GetValueOrDefault(id) ?? []));
        }
        if (movedOn.Count > 0) documents.AddRange(await ReadIndexedAsync(connection, [.. movedOn], NoneHanded, cancellationToken));
        return documents;

        static List<T> Of<T>(Dictionary<string, List<T>> keys, string documentId) =>
            keys.TryGetValue(documentId, out var list) ? list : keys[documentId] = [];
    }

    internal static readonly IReadOnlyDictionary<string, WrittenKeys> NoneHanded = new Dictionary<string, WrittenKeys>();

    private static NpgsqlBatchCommand[] Removal(string[] documentIds) =>
        [.. ((string[])["connectivity_dids", "connectivity_credentials", "connectivity_ips"])
            .Select(table => Command($"DELETE FROM {table} WHERE document_id = ANY($1)", (object)documentIds))];
}

/// <summary>A number another document routes.</summary>
public sealed record HeldDid(string Number, string AccountId, string DocumentId);

/// <summary>SIP credentials (lower-cased) another document's password server has.</summary>
public sealed record HeldCredential(string Realm, string Username, string AccountId, string DocumentId);

/// <summary>A source address another document's IP server has.</summary>
public sealed record HeldIp(string Address, string AccountId, string DocumentId);

/// <summary>What a write would take from other documents: numbers sorted, credentials in the document's order, IPs sorted.</summary>
public sealed record LookupConflicts(IReadOnlyList<HeldDid> Dids, IReadOnlyList<HeldCredential> Credentials, IReadOnlyList<HeldIp> Ips)
{
    public static readonly LookupConflicts None = new([], [], []);

    public bool IsEmpty => Dids.Count == 0 && Credentials.Count == 0 && Ips.Count == 0;
}

/// <summary>A unique key changed hands in a concurrent transaction while this write was claiming it.</summary>
public sealed class ConcurrentClaimException(Exception? inner = null) : Exception("A concurrent write claimed the same key", inner);
