using System.Data;
using System.Data.Common;
using System.Text.Json;
using Connectivity.Api.Storage;
using Npgsql;

namespace Connectivity.Api.Lookups;

/// <summary>A lookup row with the live document it points into; dispose it once the answer is written.</summary>
public sealed record LookupHit(string AccountId, string DocumentId, int ServerIndex, JsonDocument Body) : IDisposable
{
    public void Dispose() => Body.Dispose();
}

/// <summary>
/// The call-time lookups: answered from the <see cref="LookupCache"/> while it vouches for its answers, otherwise by
/// one query by primary key on a lookup table, joined to its document by primary key, on the lookups' own pool and
/// pipeline (<see cref="LookupDatastore"/>). One for the process: a lookup answered from memory builds nothing per request.
/// </summary>
public sealed class LookupStore(LookupDatastore datastore, LookupCache cache)
{
    private const string DidQuery = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_dids l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.number = $1 AND NOT doc.deleted
        """;

    private const string CredentialQuery = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_credentials l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.realm = $1 AND l.username = $2 AND NOT doc.deleted
        """;

    private const string IpQuery = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_ips l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.address = $1 AND NOT doc.deleted
        """;

    /// <param name="e164">A number normalised the way DID keys are.</param>
    public Task<LookupHit?> FindDidAsync(string e164, CancellationToken cancellationToken) =>
        cache.TryFindDid(e164, out var hit)
            ? Task.FromResult(hit)
            : QueryAsync(DidQuery, [e164], cancellationToken);

    /// <summary>Case-insensitive, like Kazoo's credentials view: the table holds both parts lower-cased.</summary>
    public Task<LookupHit?> FindCredentialAsync(string realm, string username, CancellationToken cancellationToken)
    {
        var (lowerRealm, lowerUsername) = (realm.ToLowerInvariant(), username.ToLowerInvariant());
        return cache.TryFindCredential(lowerRealm, lowerUsername, out var hit)
            ? Task.FromResult(hit)
            : QueryAsync(CredentialQuery, [lowerRealm, lowerUsername], cancellationToken);
    }

    /// <param name="canonicalIp">An address in the form <see cref="Domain.Documents.DocumentIndex.TryCanonicalIp"/> writes.</param>
    public Task<LookupHit?> FindIpAsync(string canonicalIp, CancellationToken cancellationToken) =>
        cache.TryFindIp(canonicalIp, out var hit)
            ? Task.FromResult(hit)
            : QueryAsync(IpQuery, [canonicalIp], cancellationToken);

    /// <summary>The read of one key; a transient datastore fault is retried briefly.</summary>
    private Task<LookupHit?> QueryAsync(string sql, string[] arguments, CancellationToken cancellationToken) =>
        datastore.Resilience.ReadAsync(async token =>
        {
            await using var command = datastore.DataSource.CreateCommand(sql);
            foreach (var argument in arguments) command.Parameters.Add(new NpgsqlParameter { Value = argument });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    private static LookupHit Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), JsonDocument.Parse(reader.GetString(3)));
}
