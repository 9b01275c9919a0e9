using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Connectivity.Domain.Documents;

namespace Connectivity.Api.Ownership;

/// <summary>What a connectivity write claims and a delete gives back: its numbers and its realm, in the write's transaction.</summary>
public sealed class DocumentOwnership(NumberOwnership numbers, RealmOwnership realms)
{
    /// <summary>
    /// One document's claims, its realm then its numbers, as part of the write's <paramref name="checks"/>: a refusal is
    /// thrown when they run. Run them inside the write's transaction, after the document's row is saved (or in the
    /// same checks, before these) and before its lookup rows are rewritten.
    /// </summary>
    public void AddClaim(TransactionChecks checks, string accountId, string documentId, PreparedDocument prepared, bool callerIsAdmin)
    {
        realms.AddClaim(checks, accountId, documentId, prepared.Body);
        var refused = numbers.AddClaim(checks, accountId,
            [new NumberClaim(documentId, prepared.Index.Dids.Select(d => d.Number).ToHashSet(StringComparer.Ordinal))], callerIsAdmin);
        checks.Then(_ => refused.TryGetValue(documentId, out var refusal) ? throw refusal : Task.CompletedTask);
    }

    /// <summary>
    /// The claims of a batch of one account's writes, together: each document's realm (a document being deleted, with
    /// no <see cref="DocumentClaim.Prepared"/>, gives its realm back), then every document's numbers at once. Call
    /// inside the batch's transaction, before the lookup rows are rewritten. Answers the refusals by document id.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, KazooException>> ClaimAsync(
        string accountId, IReadOnlyList<DocumentClaim> claims, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        var refused = new Dictionary<string, KazooException>(StringComparer.Ordinal);
        // In realm order, so that two batches claiming the same new realms queue on their locks instead of deadlocking.
        foreach (var claim in claims.OrderBy(c => c.Prepared is null ? null : RealmOwnership.RealmOf(c.Prepared.Body), StringComparer.Ordinal))
        {
            if (claim.Prepared is null)
            {
                await realms.ReleaseAsync(claim.DocumentId, cancellationToken);
                continue;
            }
            try
            {
                await realms.ClaimAsync(accountId, claim.DocumentId, claim.Prepared.Body, cancellationToken);
            }
            catch (KazooException refusal)
            {
                refused[claim.DocumentId] = refusal;
            }
        }
        if (refused.Count > 0) return refused;

        var numberClaims = claims.Select(c => new NumberClaim(
            c.DocumentId, c.Prepared?.Index.Dids.Select(d => d.Number).ToHashSet(StringComparer.Ordinal) ?? [])).ToList();
        return await numbers.ClaimAsync(accountId, numberClaims, callerIsAdmin, cancellationToken);
    }

    /// <summary>A delete's release of its realm and numbers, as part of its <paramref name="checks"/>: run them inside the
    /// delete's transaction, before the document's lookup rows are removed.</summary>
    public void AddRelease(TransactionChecks checks, string documentId)
    {
        realms.AddRelease(checks, documentId);
        numbers.AddRelease(checks, documentId);
    }
}

/// <summary>One document of a batch write: what it is about to hold, or null when it is being deleted.</summary>
public sealed record DocumentClaim(string DocumentId, PreparedDocument? Prepared);
