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

    /// <summary>Call inside the delete's transaction, before the document's lookup rows are removed.</summary>
    public async Task ReleaseAsync(string documentId, CancellationToken cancellationToken)
    {
        await realms.ReleaseAsync(documentId, cancellationToken);
        await numbers.ReleaseAsync(documentId, cancellationToken);
    }
}
