using System.Data;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Connectivity.Domain.Documents;
using Npgsql;

namespace Connectivity.Api.Documents;

/// <summary>
/// The most frequent request of the document API, read as it is stored: one statement on a pooled connection, no query
/// pipeline, the body as UTF-8 bytes. A singleton with two dependencies, so a GET resolves nothing per request.
/// </summary>
public sealed class StoredDocumentReader(NpgsqlDataSource dataSource, DatastoreResilience resilience)
{
    public async Task<(byte[] Body, string Revision)> GetAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var found = await resilience.ReadAsync(async token =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT body::text, revision_number, revision_hash FROM connectivity_documents WHERE id = $1 AND account_id = $2 AND NOT deleted");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            command.Parameters.Add(new NpgsqlParameter { Value = accountId });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, token);
            return await reader.ReadAsync(token)
                ? (reader.GetFieldValue<byte[]>(0), RevisionIds.Of(reader.GetInt32(1), reader.GetString(2)))
                : default;
        }, cancellationToken);
        return found.Item1 is null ? throw KazooException.BadIdentifier(id) : found;
    }
}
