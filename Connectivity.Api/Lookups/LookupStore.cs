namespace Connectivity.Api.Lookups;

/// <summary>
/// The call-time lookups: answered from the <see cref="LookupCache"/> while it vouches for its answers, otherwise by
/// one query by primary key on a lookup table, joined to its document by primary key.
/// </summary>
public sealed class LookupStore(LookupTables tables, LookupCache cache)
{
    /// <param name="e164">A number normalised the way DID keys are.</param>
    public Task<LookupHit?> FindDidAsync(string e164, CancellationToken cancellationToken) =>
        cache.TryFindDid(e164, out var hit)
            ? Task.FromResult(hit)
            : tables.QueryAsync(LookupTables.DidQuery, [e164], cancellationToken);

    /// <summary>Case-insensitive, like Kazoo's credentials view: the table holds both parts lower-cased.</summary>
    public Task<LookupHit?> FindCredentialAsync(string realm, string username, CancellationToken cancellationToken)
    {
        var (lowerRealm, lowerUsername) = (realm.ToLowerInvariant(), username.ToLowerInvariant());
        return cache.TryFindCredential(lowerRealm, lowerUsername, out var hit)
            ? Task.FromResult(hit)
            : tables.QueryAsync(LookupTables.CredentialQuery, [lowerRealm, lowerUsername], cancellationToken);
    }

    /// <param name="canonicalIp">An address in the form <see cref="Domain.Documents.DocumentIndex.TryCanonicalIp"/> writes.</param>
    public Task<LookupHit?> FindIpAsync(string canonicalIp, CancellationToken cancellationToken) =>
        cache.TryFindIp(canonicalIp, out var hit)
            ? Task.FromResult(hit)
            : tables.QueryAsync(LookupTables.IpQuery, [canonicalIp], cancellationToken);
}
