namespace Connectivity.Api.Lookups;

/// <summary>
/// The call-time lookups: each one query by primary key on a lookup table, joined to its document by primary key.
/// Nothing is cached, so an answer always reflects the last committed write.
/// </summary>
public sealed class LookupStore(LookupTables tables)
{
    /// <param name="e164">A number normalised the way DID keys are.</param>
    public Task<LookupHit?> FindDidAsync(string e164, CancellationToken cancellationToken) =>
        tables.QueryAsync(LookupTables.DidQuery, [e164], cancellationToken);

    /// <summary>Case-insensitive, like Kazoo's credentials view: the table holds both parts lower-cased.</summary>
    public Task<LookupHit?> FindCredentialAsync(string realm, string username, CancellationToken cancellationToken) =>
        tables.QueryAsync(LookupTables.CredentialQuery, [realm.ToLowerInvariant(), username.ToLowerInvariant()], cancellationToken);

    /// <param name="canonicalIp">An address in the form <see cref="Domain.Documents.DocumentIndex.TryCanonicalIp"/> writes.</param>
    public Task<LookupHit?> FindIpAsync(string canonicalIp, CancellationToken cancellationToken) =>
        tables.QueryAsync(LookupTables.IpQuery, [canonicalIp], cancellationToken);
}
