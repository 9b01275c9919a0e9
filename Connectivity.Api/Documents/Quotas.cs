using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;

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
    /// Refuses a create past the account's document quota, as one of the write's <paramref name="checks"/>. Creates of
    /// one account queue on an advisory lock, so two concurrent creates cannot both take the last free place.
    /// </summary>
    public static void AddRoomCheck(TransactionChecks checks, string accountId, QuotaOptions quotas) =>
        AddLiveCount(checks, accountId, held =>
        {
            if (held >= quotas.DocumentsPerAccount) throw DocumentsExceeded(held, quotas);
        });

    /// <summary>The account's live documents, counted as <see cref="AddLiveCount"/> counts them.</summary>
    public static async Task<int> LiveDocumentsAsync(ConnectivityDbContext db, string accountId, CancellationToken cancellationToken)
    {
        var held = 0;
        var checks = new TransactionChecks(db);
        AddLiveCount(checks, accountId, count => held = count);
        await checks.RunAsync(cancellationToken);
        return held;
    }

    /// <summary>
    /// The account's live documents, counted under the account's create lock, which is held to the end of the
    /// transaction: no concurrent create changes the count meanwhile.
    /// </summary>
    private static void AddLiveCount(TransactionChecks checks, string accountId, Action<int> counted) =>
        checks.Add(async (answers, cancellationToken) =>
            {
                await answers.NextAsync(cancellationToken);
                counted(await answers.ValueAsync<int>(cancellationToken));
            },
            ("SELECT pg_advisory_xact_lock($1, hashtext($2))", [DocumentCountLock, accountId]),
            ("SELECT count(*)::int FROM connectivity_documents WHERE account_id = $1 AND NOT deleted", [accountId]));

    /// <summary>A create refused because the account already holds <paramref name="held"/> documents.</summary>
    public static KazooException DocumentsExceeded(int held, QuotaOptions quotas) =>
        QuotaExceeded("documents_per_account", quotas.DocumentsPerAccount,
            $"This account already holds {held} connectivity documents, its quota is {quotas.DocumentsPerAccount}");

    /// <summary>Drops the document's revisions past the count or the age quota; never its current revision.</summary>
    public static async Task PruneRevisionsAsync(
        ConnectivityDbContext db, DocumentRow document, QuotaOptions quotas, CancellationToken cancellationToken)
    {
        var checks = new TransactionChecks(db);
        AddRevisionPruning(checks, document, quotas);
        await checks.RunAsync(cancellationToken);
    }

    /// <summary><see cref="PruneRevisionsAsync"/> as one of the write's <paramref name="checks"/>.</summary>
    public static void AddRevisionPruning(TransactionChecks checks, DocumentRow document, QuotaOptions quotas) =>
        checks.Add(null, PruneRevisions(document, quotas));

    private static (string, object[]) PruneRevisions(DocumentRow document, QuotaOptions quotas) =>
        ("""
         DELETE FROM connectivity_revisions
         WHERE document_id = $1 AND revision_number < $2 AND (revision_number < $3 OR written_at < $4)
         """,
         [document.Id, document.RevisionNumber, document.RevisionNumber - Math.Max(1, quotas.RevisionsPerDocument) + 1,
          document.ModifiedAt.AddDays(-quotas.RevisionMaxAgeDays).ToUniversalTime()]);

    private static KazooException QuotaExceeded(string quota, int limit, string message) =>
        new(StatusCodes.Status403Forbidden, "quota_exceeded",
            new JsonObject { ["quota"] = quota, ["limit"] = limit, ["message"] = message });
}
