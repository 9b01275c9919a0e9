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

/// <summary>A row of a lookup table: what it points at in the document it was taken from.</summary>
public abstract class LookupRow
{
    public required string DocumentId { get; init; }
    public required string AccountId { get; init; }
    public int ServerIndex { get; init; }
}

/// <summary>A normalised E.164 number held by a live document; the key makes DIDs unique system-wide.</summary>
public sealed class DidRow : LookupRow
{
    public required string Number { get; init; }
}

/// <summary>The (realm, username) of a password-auth server, both lower-cased for lookup.</summary>
public sealed class CredentialRow : LookupRow
{
    public required string Realm { get; init; }
    public required string Username { get; init; }
}

/// <summary>The canonical source address of an IP-auth server.</summary>
public sealed class IpRow : LookupRow
{
    public required string Address { get; init; }
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

    public static RevisionRow Of(DocumentRow document, string operation) => new()
    {
        DocumentId = document.Id,
        RevisionNumber = document.RevisionNumber,
        RevisionHash = document.RevisionHash,
        Operation = operation,
        Body = document.Body,
        WrittenAt = document.ModifiedAt,
    };
}
