using Connectivity.Api.Storage;
using Npgsql;
using static Connectivity.Api.Storage.TransactionBatches;

namespace Connectivity.Api.Documents;

/// <summary>
/// Keeps a revision of every document write, inside the write's transaction: the document row as the write saved it,
/// copied by PostgreSQL from that row. A 10,000-DID body is sent and parsed into <c>jsonb</c> once, for the document,
/// not a second time for its revision.
/// </summary>
public static class RevisionRecorder
{
    /// <summary>The statement that records each written row with its write's operation; run it after the rows are saved.</summary>
    public static NpgsqlBatchCommand Record(IReadOnlyCollection<(DocumentRow Row, string Operation)> written) =>
        Command(RecordSql, written.Select(w => w.Row.Id).ToArray(), written.Select(w => w.Operation).ToArray());

    private const string RecordSql = """
        INSERT INTO connectivity_revisions (document_id, revision_number, revision_hash, operation, body, written_at)
        SELECT d.id, d.revision_number, d.revision_hash, w.operation, d.body, d.modified_at
        FROM unnest($1::text[], $2::text[]) AS w(id, operation) JOIN connectivity_documents d ON d.id = w.id
        """;
}
