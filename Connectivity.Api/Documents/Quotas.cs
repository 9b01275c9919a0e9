using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Documents;

/// <summary>How much one account may keep (section <c>Connectivity:Quotas</c>).</summary>
public sealed class QuotaOptions
{
    public const string Section = "Connectivity:Quotas";

    /// <summary>Live connectivity documents one account may hold.</summary>
    public int DocumentsPerAccount { get; set; } = 1000;

    /// <summary>Revisions kept per document, the current one included; older ones are pruned as the document is written.</summary>
    public int RevisionsPerDocument { get; set; } = 50;

    /// <summary>Revisions older than this are pruned as the document is written; the current revision is always kept.</summary>
    public int RevisionMaxAgeDays { get; set; } = 90;
}

/// <summary>Enforces <see cref="QuotaOptions"/> inside a write's transaction.</summary>
internal static class Quotas
{
    /// <summary>Per-account lock space for <c>pg_advisory_xact_lock(key, hashtext(account))</c>.</summary>
    private const int DocumentCountLock = 0x636f6e6e;

    /// <summary>
    /// Refuses a create past the account's document quota. Creates of one account queue on an advisory lock, so
    /// two concurrent creates cannot both take the last free place.
    /// </summary>
    public static async Task EnsureRoomForDocumentAsync(
        ConnectivityDbContext db, string accountId, QuotaOptions quotas, CancellationToken cancellationToken)
    {
        var held = await LiveDocumentsAsync(db, accountId, cancellationToken);
        if (held >= quotas.DocumentsPerAccount) throw DocumentsExceeded(held, quotas);
    }

    /// <summary>
    /// The account's live documents, counted under the account's create lock, which is held to the end of the
    /// transaction: no concurrent create changes the count meanwhile.
    /// </summary>
    public static async Task<int> LiveDocumentsAsync(ConnectivityDbContext db, string accountId, CancellationToken cancellationToken)
    {
        await using var batch = db.Batch(
            ("SELECT pg_advisory_xact_lock($1, hashtext($2))", [DocumentCountLock, accountId]),
            ("SELECT count(*)::int FROM connectivity_documents WHERE account_id = $1 AND NOT deleted", [accountId]));
        return await batch.LastValueAsync<int>(cancellationToken);
    }

    /// <summary>A create refused because the account already holds <paramref name="held"/> documents.</summary>
    public static KazooException DocumentsExceeded(int held, QuotaOptions quotas) =>
        QuotaExceeded("documents_per_account", quotas.DocumentsPerAccount,
            $"This account already holds {held} connectivity documents, its quota is {quotas.DocumentsPerAccount}");

    /// <summary>Drops the document's revisions past the count or the age quota; never its current revision.</summary>
    public static Task PruneRevisionsAsync(
        ConnectivityDbContext db, DocumentRow document, QuotaOptions quotas, CancellationToken cancellationToken)
    {
        var oldestKept = document.RevisionNumber - Math.Max(1, quotas.RevisionsPerDocument) + 1;
        var cutoff = document.ModifiedAt.AddDays(-quotas.RevisionMaxAgeDays);
        return db.Revisions
            .Where(r => r.DocumentId == document.Id && r.RevisionNumber < document.RevisionNumber
                && (r.RevisionNumber < oldestKept || r.WrittenAt < cutoff))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private static KazooException QuotaExceeded(string quota, int limit, string message) =>
        new(StatusCodes.Status403Forbidden, "quota_exceeded",
            new JsonObject { ["quota"] = quota, ["limit"] = limit, ["message"] = message });
}
