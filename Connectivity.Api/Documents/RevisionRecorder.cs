using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Documents;

/// <summary>
/// Keeps a revision of every document write, inside the write's transaction: the document row as the write saved it,
/// copied by PostgreSQL from that row. A 10,000-DID body is sent and parsed into <c>jsonb</c> once, for the document,
/// not a second time for its revision.
/// </summary>
public static class RevisionRecorder
{
    /// <summary>Call after the written document rows are saved; each is recorded with its write's operation.</summary>
    public static async Task RecordAsync(
        ConnectivityDbContext db, IReadOnlyCollection<(DocumentRow Row, string Operation)> written, CancellationToken cancellationToken)
    {
        if (written.Count == 0) return;
        string[] ids = [.. written.Select(w => w.Row.Id)];
        string[] operations = [.. written.Select(w => w.Operation)];
        await db.Database.ExecuteSqlRawAsync(Record, [ids, operations], cancellationToken);
    }

    private const string Record = """
        INSERT INTO connectivity_revisions (document_id, revision_number, revision_hash, operation, body, written_at)
        SELECT d.id, d.revision_number, d.revision_hash, w.operation, d.body, d.modified_at
        FROM unnest({0}::text[], {1}::text[]) AS w(id, operation) JOIN connectivity_documents d ON d.id = w.id
        """;
}
