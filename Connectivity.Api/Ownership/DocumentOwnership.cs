using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;

namespace Connectivity.Api.Ownership;

/// <summary>What a connectivity write claims and a delete gives back: its numbers and its realm, in the write's transaction.</summary>
public sealed class DocumentOwnership(NumberOwnership numbers, RealmOwnership realms)
{
    /// <summary>Call inside the write's transaction, before the document's lookup rows are rewritten and saved.</summary>
    public async Task ClaimAsync(
        string accountId, string documentId, PreparedDocument prepared, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        await realms.ClaimAsync(accountId, documentId, prepared.Body, cancellationToken);
        await numbers.ClaimAsync(accountId, documentId, prepared.Index.Dids.Select(d => d.Number), callerIsAdmin, cancellationToken);
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

    /// <summary>Call inside the delete's transaction, before the document's lookup rows are removed.</summary>
    public async Task ReleaseAsync(string documentId, CancellationToken cancellationToken)
    {
        await realms.ReleaseAsync(documentId, cancellationToken);
        await numbers.ReleaseAsync(documentId, cancellationToken);
    }
}

/// <summary>One document of a batch write: what it is about to hold, or null when it is being deleted.</summary>
public sealed record DocumentClaim(string DocumentId, PreparedDocument? Prepared);
