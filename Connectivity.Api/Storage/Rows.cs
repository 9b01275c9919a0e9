namespace Connectivity.Api.Storage;

/// <summary>One connectivity document: its public fields as jsonb, the server-kept fields as columns.</summary>
public sealed class DocumentRow
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>The document's public fields, serialised JSON stored as jsonb.</summary>
    public required string Body { get; set; }
    public int RevisionNumber { get; set; }
    public required string RevisionHash { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; set; }
    public bool Deleted { get; set; }

    public string Revision => Domain.Documents.RevisionIds.Of(RevisionNumber, RevisionHash);
}

/// <summary>
/// A document as one write left it, kept so that a bad change (a billing system's POST that dropped half the
/// servers) can be seen and undone.
/// </summary>
public sealed class RevisionRow
{
    public required string DocumentId { get; init; }
    public int RevisionNumber { get; init; }
    public required string RevisionHash { get; init; }
    public required string Operation { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset WrittenAt { get; init; }

    public string Revision => Domain.Documents.RevisionIds.Of(RevisionNumber, RevisionHash);
}
