using System.Data.Common;
using System.Text.Json.Nodes;
using Connectivity.Api.Storage;
using Npgsql;

namespace Connectivity.Api.Lookups;

/// <summary>A lookup row with the live document it points into.</summary>
public sealed record LookupHit(string AccountId, string DocumentId, int ServerIndex, JsonObject Body);

/// <summary>
/// The call-time lookups: each one query by primary key on a lookup table, joined to its document by primary key.
/// Nothing is cached, so an answer always reflects the last committed write. Lookups are reads: a transient
/// datastore fault is retried briefly. They run on their own pool and pipeline (<see cref="LookupDatastore"/>).
/// </summary>
public sealed class LookupStore(LookupDatastore datastore)
{
    public const string DidQuery = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_dids l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.number = $1 AND NOT doc.deleted
        """;

    public const string CredentialQuery = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_credentials l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.realm = $1 AND l.username = $2 AND NOT doc.deleted
        """;

    public const string IpQuery = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_ips l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.address = $1 AND NOT doc.deleted
        """;

    /// <param name="e164">A number normalised the way DID keys are.</param>
    public Task<LookupHit?> FindDidAsync(string e164, CancellationToken cancellationToken) =>
        QueryAsync(DidQuery, [e164], cancellationToken);

    /// <summary>Case-insensitive, like Kazoo's credentials view: the table holds both parts lower-cased.</summary>
    public Task<LookupHit?> FindCredentialAsync(string realm, string username, CancellationToken cancellationToken) =>
        QueryAsync(CredentialQuery, [realm.ToLowerInvariant(), username.ToLowerInvariant()], cancellationToken);

    /// <param name="canonicalIp">An address in the form <see cref="Domain.Documents.DocumentIndex.TryCanonicalIp"/> writes.</param>
    public Task<LookupHit?> FindIpAsync(string canonicalIp, CancellationToken cancellationToken) =>
        QueryAsync(IpQuery, [canonicalIp], cancellationToken);

    private Task<LookupHit?> QueryAsync(string sql, string[] arguments, CancellationToken cancellationToken) =>
        datastore.Resilience.ReadAsync(async token =>
        {
            await using var command = datastore.DataSource.CreateCommand(sql);
            foreach (var argument in arguments) command.Parameters.Add(new NpgsqlParameter { Value = argument });
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, token);
            return await reader.ReadAsync(token) ? Read(reader) : null;
        }, cancellationToken);

    private static LookupHit Read(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
            JsonNode.Parse(reader.GetString(3)) as JsonObject
            ?? throw new InvalidOperationException($"Stored document {reader.GetString(1)} is not a JSON object"));
}
