namespace Connectivity.Domain.Documents;

/// <summary>
/// How large one document and its values may be, so that no account can store a document that is costly for
/// everyone to read, index or route with. Limits that follow from a field's meaning (a realm is a host name, a
/// password at most 128 characters) are fixed in the spec and the SIP checks; these are the ones an operator may tune.
/// </summary>
public sealed class DocumentLimits
{
    /// <summary>Longest string value or object key anywhere in a request body, in characters (code points).</summary>
    public int MaxStringLength { get; set; } = 4096;

    /// <summary>Most servers one document may have.</summary>
    public int MaxServers { get; set; } = 100;

    /// <summary>Most DIDs one document may hold, counted over all of its servers.</summary>
    public int MaxDids { get; set; } = 10_000;

    /// <summary>
    /// Largest a stored document may be, as JSON text in bytes. Each request body is limited on its own; this keeps
    /// PATCHes that each add a little from growing one document without bound.
    /// </summary>
    public int MaxDocumentBytes { get; set; } = 2 * 1024 * 1024;
}
