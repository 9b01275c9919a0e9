using System.Text.Json.Nodes;
using Connectivity.Api.Idempotency;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Lookups;
using Connectivity.Api.Ownership;
using Connectivity.Api.Storage;
using Connectivity.Api.Telemetry;
using Connectivity.Api.Usage;
using Connectivity.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Api.Documents;

/// <summary>
/// Reads and writes connectivity documents. Every write runs in one transaction that also rewrites the
/// document's rows in the lookup tables, so the tables never disagree with the documents. Reads and writes run
/// through <see cref="DatastoreResilience"/>: a write is attempted once, never again after a datastore fault.
/// Documents are validated and indexed before their transaction starts, outside the datastore timeout. A batch of
/// one account's changes commits in one transaction (see <see cref="ApplyBatchAsync"/>).
/// </summary>
public sealed partial class ConnectivityStore(
    ConnectivityDbContext db, DocumentPipeline pipeline, TimeProvider clock, DatastoreResilience resilience, ConnectivityMetrics metrics,
    IOptions<QuotaOptions> quotas, IOptions<DatastoreOptions> datastore, DocumentOwnership ownership, LookupTables lookups,
    LookupCache lookupCache, IdempotentRequest idempotentRequest)
{
    /// <summary>Every kept revision of a live document, newest first.</summary>
    public async Task<IReadOnlyList<RevisionEntry>> HistoryAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var history = await resilience.ReadAsync(token => RevisionsOfLiveDocument(accountId, id)
            .OrderByDescending(r => r.RevisionNumber)
            .Select(r => new RevisionEntry(r.RevisionNumber, r.RevisionHash, r.Operation, r.WrittenAt))
            .ToListAsync(token), cancellationToken);
        return history.Count == 0 ? throw KazooException.BadIdentifier(id) : history;
    }

    /// <summary>A live document as revision <paramref name="revisionNumber"/> left it.</summary>
    public async Task<StoredDocument> RevisionAsync(string accountId, string id, int revisionNumber, CancellationToken cancellationToken)
    {
        var revision = await resilience.ReadAsync(token => RevisionsOfLiveDocument(accountId, id)
            .SingleOrDefaultAsync(r => r.RevisionNumber == revisionNumber, token), cancellationToken);
        if (revision is null) throw KazooException.BadIdentifier(revisionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return StoredDocument.Of(id, revision.Body, revision.Revision);
    }

    /// <summary>A deleted document's history stays in the table but, like the document, is no longer read.</summary>
    private IQueryable<RevisionRow> RevisionsOfLiveDocument(string accountId, string id) =>
        db.Revisions.AsNoTracking()
            .Where(r => r.DocumentId == id && db.Documents.Any(d => d.Id == id && d.AccountId == accountId && !d.Deleted));

    /// <param name="callerIsAdmin">A super-duper admin may route numbers held in any account's inventory.</param>
    public Task<StoredDocument> CreateAsync(string accountId, JsonObject clientData, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        var id = RequestedId(clientData) ?? DocumentIds.New();
        var prepared = Prepare(DocumentMerge.PublicFields(clientData), "create");
        return WriteAsync("create", token => InsertAsync(accountId, id, prepared, callerIsAdmin, token), cancellationToken);
    }

    private async Task<StoredDocument> InsertAsync(
        string accountId, string id, PreparedDocument prepared, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var body = prepared.Body.ToJsonString();
        var row = new DocumentRow
        {
            Id = id,
            AccountId = accountId,
            Body = body,
            RevisionNumber = 1,
            RevisionHash = RevisionIds.Hash(body),
            CreatedAt = now,
            ModifiedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var checks = Checks();
        Quotas.AddRoomCheck(checks, accountId, quotas.Value);
        checks.Add(null, Insert(row));
        // The id is a live or deleted document's: the primary key says so, with no query of its own beforehand.
        checks.OnFailure(e => e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: DocumentKey } ? IdTaken(id) : null);
        ownership.AddClaim(checks, accountId, id, prepared, callerIsAdmin);
        AddWritten(checks, row, "create", prepared.Index);
        await checks.RunAsync(cancellationToken);
        await CommitAsync(transaction, () => StoredDocument.From(row), cancellationToken, [(row, prepared.Index)]);
        return StoredDocument.Written(row, prepared.Body);
    }

    /// <summary>POST: the client's public fields replace the stored ones; server-kept fields stay.</summary>
    public Task<StoredDocument> ReplaceAsync(
        string accountId, string id, JsonObject clientData, string? ifMatch, bool callerIsAdmin, CancellationToken cancellationToken) =>
        ChangeAsync("replace", accountId, id, ifMatch, callerIsAdmin, stored => DocumentMerge.Replace(stored, DocumentMerge.PublicFields(clientData)), cancellationToken);

    /// <summary>PATCH: the client's fields are merged into the stored document (null deletes a key).</summary>
    public Task<StoredDocument> PatchAsync(
        string accountId, string id, JsonObject clientData, string? ifMatch, bool callerIsAdmin, CancellationToken cancellationToken) =>
        ChangeAsync("patch", accountId, id, ifMatch, callerIsAdmin, stored => DocumentMerge.Patch(stored, DocumentMerge.PublicFields(clientData)), cancellationToken);

    public Task<StoredDocument> DeleteAsync(string accountId, string id, string? ifMatch, CancellationToken cancellationToken) =>
        WriteAsync("delete", token => SoftDeleteAsync(accountId, id, ifMatch, token), cancellationToken);

    private async Task<StoredDocument> SoftDeleteAsync(string accountId, string id, string? ifMatch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await LockAsync(accountId, id, cancellationToken);
        if (ifMatch is not null && !RevisionHeaders.Matches(ifMatch, row.Revision)) throw KazooException.PreconditionFailed(row.Revision);
        row.Deleted = true;
        row.RevisionNumber++;
        row.ModifiedAt = clock.GetUtcNow();
        var checks = Checks();
        Quotas.AddRevisionPruning(checks, row, quotas.Value);
        checks.Add(null, MarkDeleted(row));
        ownership.AddRelease(checks, row.Id);
        LookupTables.AddRemoval(checks, row.Id);
        AddRecords(checks, [(row, "delete", null)]);
        await checks.RunAsync(cancellationToken);
        await CommitAsync(transaction, () => Deleted(row), cancellationToken);
        return Deleted(row);
    }

    private static StoredDocument Deleted(DocumentRow row)
    {
        var deleted = StoredDocument.From(row);
        deleted.Data["_read_only"] = new JsonObject { ["deleted"] = true };
        return deleted;
    }

    /// <summary>
    /// Optimistic: the change is merged, validated and indexed from a plain read, outside any transaction and outside
    /// the datastore timeout, so a large document holds neither a lock nor a connection while it is checked. The
    /// transaction then commits it only if the document is still at the revision it was built from; a concurrent
    /// writer that got there first makes it start over from the newer revision, so no write is lost.
    /// </summary>
    private async Task<StoredDocument> ChangeAsync(string operation,
        string accountId, string id, string? ifMatch, bool callerIsAdmin, Func<JsonObject, JsonObject> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await resilience.ReadAsync(token => db.Documents.AsNoTracking()
                .SingleOrDefaultAsync(d => d.Id == id && d.AccountId == accountId && !d.Deleted, token), cancellationToken)
                ?? throw KazooException.BadIdentifier(id);
            if (ifMatch is not null && !RevisionHeaders.Matches(ifMatch, current.Revision)) throw KazooException.PreconditionFailed(current.Revision);
            var prepared = Prepare(change((JsonObject)JsonNode.Parse(current.Body)!), operation);
            try
            {
                return await WriteAsync(operation, token => CommitChangeAsync(operation, current, prepared, callerIsAdmin, token), cancellationToken);
            }
            catch (StaleRevisionException) when (attempt < MaxChangeAttempts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 10))), cancellationToken);
            }
            catch (StaleRevisionException)
            {
                throw KazooException.Conflict(new JsonObject { ["message"] = "Concurrent writes kept changing this document; retry" });
            }
        }
    }

    private const int MaxChangeAttempts = 30;

    private async Task<StoredDocument> CommitChangeAsync(
        string operation, DocumentRow current, PreparedDocument prepared, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await LockAsync(current.AccountId, current.Id, cancellationToken);
        if (row.RevisionNumber != current.RevisionNumber) throw new StaleRevisionException();
        row.Body = prepared.Body.ToJsonString();
        row.RevisionNumber++;
        row.RevisionHash = RevisionIds.Hash(row.Body);
        row.ModifiedAt = clock.GetUtcNow();
        var checks = Checks();
        Quotas.AddRevisionPruning(checks, row, quotas.Value);
        checks.Add(null, Update(row));
        ownership.AddClaim(checks, row.AccountId, row.Id, prepared, callerIsAdmin);
        AddWritten(checks, row, operation, prepared.Index, replaces: true);
        await checks.RunAsync(cancellationToken);
        await CommitAsync(transaction, () => StoredDocument.From(row), cancellationToken, [(row, prepared.Index)]);
        return StoredDocument.Written(row, prepared.Body);
    }

    /// <summary>
    /// What a single write sends with its checks, in the same round trip: its document's row and its claims are there
    /// already (the claims read the lookup rows it replaces); then its lookup rows, refused (409) when another document
    /// holds one of its numbers, credentials or IPs, and its records.
    /// </summary>
    private void AddWritten(TransactionChecks checks, DocumentRow row, string operation, DocumentIndex index, bool replaces = false)
    {
        lookups.AddReplacement(checks, row.AccountId, row.Id, index, replaces, conflicts => DocumentConflicts.Rejected(row.AccountId, conflicts, metrics));
        AddRecords(checks, [(row, operation, index)]);
    }

    /// <summary>The checks of a write's transaction, prepared as the datastore settings say.</summary>
    private TransactionChecks Checks() => new(db, datastore.Value.PrepareStatements);

    /// <summary>Saves the document rows the context tracks: a batch's (a single write's row goes with its checks).</summary>
    private async Task SaveDocumentsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A key of the saved rows that another transaction took (a batch's new document id created concurrently):
            // the retry finds it and reports it.
            throw new ConcurrentClaimException(e);
        }
    }

    /// <summary>
    /// Takes the document's row lock for the rest of the transaction: concurrent writers of one document
    /// queue here, so each one sees what the previous one committed.
    /// </summary>
    private async Task<DocumentRow> LockAsync(string accountId, string id, CancellationToken cancellationToken) =>
        await db.Documents
            .FromSql($"SELECT * FROM connectivity_documents WHERE id = {id} AND account_id = {accountId} AND NOT deleted FOR UPDATE")
            .AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? throw KazooException.BadIdentifier(id);

    /// <summary>
    /// Each written document's revision and its usage intervals, after its row: what must be written atomically with a
    /// document write. A deleted document (no index) holds no numbers.
    /// </summary>
    private static void AddRecords(TransactionChecks checks, IReadOnlyCollection<(DocumentRow Row, string Operation, DocumentIndex? Index)> written) =>
        checks.Add(null, [
            RevisionRecorder.Record([.. written.Select(w => (w.Row, w.Operation))]),
            .. written.Select(w => UsageRecorder.Record(w.Row.AccountId, w.Row.Id, w.Row.ModifiedAt, [.. w.Index?.Dids.Select(d => d.Number) ?? []]))]);

    /// <summary>
    /// The one point where every write's transaction commits, single documents and batches alike, after its records:
    /// with it, the answer of a request that carries an <c>Idempotency-Key</c>, built by <paramref name="answer"/>.
    /// Once committed, the lookup keys of the <paramref name="written"/> documents go to this replica's lookup cache,
    /// which then need not read them back.
    /// </summary>
    private async Task CommitAsync<T>(IDbContextTransaction transaction, Func<T> answer, CancellationToken cancellationToken,
        IEnumerable<(DocumentRow Row, DocumentIndex Index)>? written = null) where T : notnull
    {
        await idempotentRequest.CompleteAsync(answer, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (row, index) in written ?? []) lookupCache.Written(row.Id, row.RevisionNumber, index);
    }

    private async Task<StoredDocument> WriteAsync(
        string operation, Func<CancellationToken, Task<StoredDocument>> write, CancellationToken cancellationToken)
    {
        var written = await RunWriteAsync(write, cancellationToken);
        metrics.DocumentWritten(operation);
        return written;
    }

    /// <summary>Runs a write's transaction once through the datastore pipeline, again only after a lost claim race.</summary>
    private async Task<T> RunWriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await resilience.WriteAsync(token => RetryingLostClaimsAsync(write, token), cancellationToken);
        }
        finally
        {
            // Committed, refused or unknown: this replica's lookups read PostgreSQL until its cache has caught up.
            lookupCache.WriteEnded();
        }
    }

    /// <summary>
    /// A write that lost a race for a unique key was rolled back whole by PostgreSQL, so running it again cannot apply
    /// it twice: it either succeeds or finds the now-committed holder and reports a proper 409. So was one whose
    /// prepared statement a schema change (a rolling upgrade's migration) made stale: it runs again, prepared anew.
    /// </summary>
    private async Task<T> RetryingLostClaimsAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write(cancellationToken);
            }
            catch (Exception e) when (e is ConcurrentClaimException or StalePreparedStatementException && attempt < MaxClaimAttempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (ConcurrentClaimException)
            {
                throw KazooException.Conflict(new JsonObject { ["message"] = "A concurrent write claimed the same identifiers; retry" });
            }
        }
    }

    // A key found held by a plain insert, then (inserting around held keys) a holder that let go in between, then the answer.
    private const int MaxClaimAttempts = 4;

    /// <summary>The document moved on between the read a change was built from and the change's transaction.</summary>
    private sealed class StaleRevisionException : Exception;

    private PreparedDocument Prepare(JsonObject candidate, string operation)
    {
        var prepared = pipeline.Prepare(candidate);
        if (prepared.Errors.IsEmpty) return prepared;
        metrics.ValidationFailed(operation);
        throw KazooException.Validation(prepared.Errors);
    }

    private static string? RequestedId(JsonObject clientData)
    {
        if (clientData["id"] is not JsonValue value) return null;
        if (value.TryGetValue<string>(out var id) && DocumentIds.IsValid(id)) return id;
        var errors = new Domain.Validation.ValidationErrors();
        errors.Add("id", "pattern", $"Failed to match pattern '{DocumentIds.Pattern}'", DocumentIds.Pattern, value.DeepClone());
        throw KazooException.Validation(errors);
    }

    private const string DocumentKey = "pk_connectivity_documents";

    /// <summary>A new document's row, sent with the create's checks (no change tracking: the row is written once).</summary>
    private static (string, object[]) Insert(DocumentRow row) =>
        ("""
         INSERT INTO connectivity_documents (id, account_id, body, revision_number, revision_hash, created_at, modified_at, deleted)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, false)
         """,
         [row.Id, row.AccountId, row.Body, row.RevisionNumber, row.RevisionHash, row.CreatedAt.ToUniversalTime(), row.ModifiedAt.ToUniversalTime()]);

    /// <summary>A changed document's row, sent with its checks once the row is locked (<see cref="LockAsync"/>).</summary>
    private static (string, object[]) Update(DocumentRow row) =>
        ("UPDATE connectivity_documents SET body = $2::jsonb, revision_number = $3, revision_hash = $4, modified_at = $5 WHERE id = $1",
         [row.Id, row.Body, row.RevisionNumber, row.RevisionHash, row.ModifiedAt.ToUniversalTime()]);

    /// <summary>A deleted document's row (its body stays, for its history), sent with its checks once the row is locked.</summary>
    private static (string, object[]) MarkDeleted(DocumentRow row) =>
        ("UPDATE connectivity_documents SET deleted = true, revision_number = $2, modified_at = $3 WHERE id = $1",
         [row.Id, row.RevisionNumber, row.ModifiedAt.ToUniversalTime()]);

    private static KazooException IdTaken(string id) =>
        KazooException.Conflict(new JsonObject { ["message"] = "A connectivity document with this id already exists", ["id"] = id });
}
