using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Ownership;
using Connectivity.Api.Storage;
using Connectivity.Domain.Documents;
using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Documents;

/// <summary>Batches: several changes of one account's documents, committed in one transaction or not at all.</summary>
public sealed partial class ConnectivityStore
{
    /// <summary>
    /// Applies every item or none. Each item is read, merged, validated and indexed as its single write would be,
    /// outside the transaction; a batch with a failing item there never opens one. The transaction then applies every
    /// item (quota, ownership and revision pruning per item) and checks the lookup keys of the whole batch at once,
    /// after every item's document is written: a number leaving one document of the batch for another is no conflict.
    /// As for a single change, an item without a revision guard whose document moved on meanwhile makes the batch
    /// start over from the newer revisions; one with a stale guard fails with 412.
    /// </summary>
    /// <param name="callerIsAdmin">A super-duper admin may route numbers held in any account's inventory.</param>
    public async Task<BatchOutcome> ApplyBatchAsync(
        string accountId, IReadOnlyList<BatchItem> items, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (plan, ids, failures) = await PlanBatchAsync(accountId, items, cancellationToken);
            if (plan is null) return BatchOutcome.Rejected(items, ids, failures);
            try
            {
                var outcome = await RunWriteAsync(token => CommitBatchAsync(accountId, items, plan, callerIsAdmin, token), cancellationToken);
                if (outcome.Applied)
                    foreach (var item in items) metrics.DocumentWritten(item.Operation);
                return outcome;
            }
            catch (StaleRevisionException) when (attempt < MaxChangeAttempts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 10))), cancellationToken);
            }
            catch (StaleRevisionException)
            {
                throw KazooException.Conflict(new JsonObject { ["message"] = "Concurrent writes kept changing these documents; retry" });
            }
        }
    }

    /// <summary>
    /// One item ready for the transaction: the document it writes, the stored row it was built from (null for a create),
    /// and the prepared document (null for a delete).
    /// </summary>
    private sealed record PlannedItem(string Id, DocumentRow? Current, PreparedDocument? Prepared);

    /// <summary>
    /// Reads the documents the batch changes (one query) and prepares every item. The plan, by item, is null when any item
    /// failed: the failures are then all collected, with the document each item names.
    /// </summary>
    private async Task<(PlannedItem[]? Plan, string?[] Ids, Dictionary<int, KazooException> Failures)> PlanBatchAsync(
        string accountId, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken)
    {
        var named = items.Where(i => i.Operation != BatchItem.Create).Select(i => i.Id!).ToArray();
        var stored = named.Length == 0 ? [] : await resilience.ReadAsync(token => db.Documents.AsNoTracking()
            .Where(d => named.Contains(d.Id) && d.AccountId == accountId && !d.Deleted)
            .ToDictionaryAsync(d => d.Id, StringComparer.Ordinal, token), cancellationToken);

        var planned = new PlannedItem?[items.Count];
        var ids = new string?[items.Count];
        var failures = new Dictionary<int, KazooException>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            try
            {
                planned[i] = Plan(item, item.Operation == BatchItem.Create ? null : stored.GetValueOrDefault(item.Id!));
            }
            catch (KazooException failure)
            {
                failures[i] = failure;
            }
            ids[i] = planned[i]?.Id ?? item.Id;
        }
        return (failures.Count == 0 ? [.. planned.Select(p => p!)] : null, ids, failures);
    }

    private PlannedItem Plan(BatchItem item, DocumentRow? current)
    {
        if (item.Operation == BatchItem.Create)
            return new PlannedItem(item.Id ?? DocumentIds.New(), null, Prepare(DocumentMerge.PublicFields(item.Data!), item.Operation));

        if (current is null) throw KazooException.BadIdentifier(item.Id!);
        if (item.Revision is not null && item.Revision != current.Revision) throw KazooException.PreconditionFailed(current.Revision);
        if (item.Operation == BatchItem.Delete) return new PlannedItem(current.Id, current, null);

        var stored = (JsonObject)JsonNode.Parse(current.Body)!;
        var incoming = DocumentMerge.PublicFields(item.Data!);
        var changed = item.Operation == BatchItem.Replace ? DocumentMerge.Replace(stored, incoming) : DocumentMerge.Patch(stored, incoming);
        return new PlannedItem(current.Id, current, Prepare(changed, item.Operation));
    }

    /// <summary>
    /// The batch's transaction. Stops at the first step where an item fails, with every item failing at that step
    /// reported; the transaction is then rolled back and nothing of the batch is kept.
    /// </summary>
    private async Task<BatchOutcome> CommitBatchAsync(
        string accountId, IReadOnlyList<BatchItem> items, PlannedItem[] plan, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await LockBatchAsync(accountId, plan, cancellationToken);
        var failures = await CheckCreatesAsync(accountId, items, plan, cancellationToken);
        if (failures.Count > 0) return Rejected(items, plan, failures);

        var now = clock.GetUtcNow();
        for (var i = 0; i < items.Count; i++)
            rows[i] = await ApplyItemAsync(accountId, items[i].Operation, plan[i], rows[i], now, cancellationToken);

        // The document rows first: the realm claims refer to them.
        await SaveDocumentsAsync(cancellationToken);
        var claims = plan.Select(p => new DocumentClaim(p.Id, p.Prepared)).ToList();
        var refused = await ownership.ClaimAsync(accountId, claims, callerIsAdmin, cancellationToken);
        if (refused.Count > 0) return Rejected(items, plan, ByItem(plan, refused));

        List<(string, DocumentIndex?)> indexes = [.. plan.Select(p => (p.Id, p.Prepared?.Index))];
        var conflicts = await lookups.FindConflictsAsync(accountId, indexes, cancellationToken);
        if (conflicts.Count > 0)
            return Rejected(items, plan, ByItem(plan, conflicts.ToDictionary(c => c.Key, c => DocumentConflicts.Rejected(accountId, c.Value, metrics))));
        await lookups.ReplaceAsync(accountId, indexes, cancellationToken);
        var applied = BatchOutcome.AppliedAll(items, [.. items.Select((item, i) => Written(item.Operation, rows[i]!))]);
        var records = Checks();
        AddRecords(records, [.. rows.Select((row, i) => (row!, items[i].Operation, plan[i].Prepared?.Index))]);
        await records.RunAsync(cancellationToken);
        var written = plan.Select((item, i) => (Row: rows[i]!, item.Prepared)).Where(w => w.Prepared is not null).Select(w => (w.Row, w.Prepared!.Index));
        await CommitAsync(transaction, () => applied, cancellationToken, written);
        return applied;
    }

    /// <summary>
    /// Locks the rows the batch changes, in id order so that batches touching the same documents queue instead of
    /// deadlocking, and checks each is still at the revision its item was built from.
    /// </summary>
    private async Task<DocumentRow?[]> LockBatchAsync(string accountId, PlannedItem[] plan, CancellationToken cancellationToken)
    {
        var rows = new DocumentRow?[plan.Length];
        var changed = plan.Where(p => p.Current is not null).Select(p => p.Id).Order(StringComparer.Ordinal).ToArray();
        if (changed.Length == 0) return rows;
        var locked = await db.Documents
            .FromSql($"SELECT * FROM connectivity_documents WHERE id = ANY({changed}) AND account_id = {accountId} AND NOT deleted ORDER BY id FOR UPDATE")
            .ToDictionaryAsync(d => d.Id, StringComparer.Ordinal, cancellationToken);
        for (var i = 0; i < rows.Length; i++)
        {
            if (plan[i].Current is not { } current) continue;
            if (!locked.TryGetValue(current.Id, out var row) || row.RevisionNumber != current.RevisionNumber) throw new StaleRevisionException();
            rows[i] = row;
        }
        return rows;
    }

    /// <summary>
    /// Ids already taken, and the account's document quota applied item by item in the batch's order: a delete earlier
    /// in the batch makes room for a create after it, as it would for single writes made in that order.
    /// </summary>
    private async Task<Dictionary<int, KazooException>> CheckCreatesAsync(
        string accountId, IReadOnlyList<BatchItem> items, PlannedItem[] plan, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<int, KazooException>();
        var creating = plan.Where(p => p.Current is null).Select(p => p.Id).ToArray();
        if (creating.Length == 0) return failures;

        var taken = (await db.Documents.Where(d => creating.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var held = await Quotas.LiveDocumentsAsync(db, accountId, cancellationToken);
        for (var i = 0; i < items.Count; i++)
        {
            var id = plan[i].Id;
            if (items[i].Operation == BatchItem.Delete) held--;
            else if (items[i].Operation != BatchItem.Create) continue;
            else if (taken.Contains(id)) failures[i] = IdTaken(id);
            else if (held >= quotas.Value.DocumentsPerAccount) failures[i] = Quotas.DocumentsExceeded(held, quotas.Value);
            else held++;
        }
        return failures;
    }

    /// <summary>Writes one item's document row, as its single write does; ownership, lookups and its revision come after.</summary>
    private async Task<DocumentRow> ApplyItemAsync(
        string accountId, string operation, PlannedItem planned, DocumentRow? row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (row is null)
        {
            var body = planned.Prepared!.Body.ToJsonString();
            row = new DocumentRow
            {
                Id = planned.Id,
                AccountId = accountId,
                Body = body,
                RevisionNumber = 1,
                RevisionHash = RevisionIds.Hash(body),
                CreatedAt = now,
                ModifiedAt = now,
            };
            db.Documents.Add(row);
            return row;
        }

        if (planned.Prepared is null) row.Deleted = true;
        else
        {
            row.Body = planned.Prepared.Body.ToJsonString();
            row.RevisionHash = RevisionIds.Hash(row.Body);
        }
        row.RevisionNumber++;
        row.ModifiedAt = now;
        await Quotas.PruneRevisionsAsync(db, row, quotas.Value, cancellationToken);
        return row;
    }

    private static StoredDocument Written(string operation, DocumentRow row)
    {
        var written = StoredDocument.From(row);
        if (operation == BatchItem.Delete) written.Data["_read_only"] = new JsonObject { ["deleted"] = true };
        return written;
    }

    private static Dictionary<int, KazooException> ByItem(PlannedItem[] plan, IReadOnlyDictionary<string, KazooException> byDocument)
    {
        var failures = new Dictionary<int, KazooException>();
        for (var i = 0; i < plan.Length; i++)
            if (byDocument.TryGetValue(plan[i].Id, out var failure)) failures[i] = failure;
        return failures;
    }

    /// <summary>Nothing of a refused batch may reach a later SaveChanges of this context.</summary>
    private BatchOutcome Rejected(IReadOnlyList<BatchItem> items, PlannedItem[] plan, Dictionary<int, KazooException> failures)
    {
        db.ChangeTracker.Clear();
        return BatchOutcome.Rejected(items, [.. plan.Select(p => (string?)p.Id)], failures);
    }
}
