using Connectivity.Api.Changes;
using Connectivity.Api.Documents;
using Connectivity.Api.Lookups;
using Connectivity.Api.Ownership;
using Connectivity.Api.Usage;

namespace Connectivity.Api.Contract;

/// <summary>
/// What one route promises beyond what its handler's signature says: what it answers on success, the body it reads,
/// the request headers and query parameters it honours and the statuses particular to it. Statuses every /v2 route can
/// answer (401, 403, 429, 503) are added to all of them.
/// </summary>
internal sealed record OperationContract(
    string Description,
    int SuccessStatus,
    string SuccessSchema,
    string? RequestSchema = null,
    OperationHeaders Headers = OperationHeaders.None,
    bool Listing = false,
    int[]? Statuses = null,
    string? FailureSchema = null,
    bool Csv = false)
{
    /// <summary>The statuses at which <see cref="FailureSchema"/>, when set, replaces the shared error response.</summary>
    public static readonly int[] ItemFailureStatuses = [400, 403, 404, 409, 412];

    /// <summary>Every route the service maps, by endpoint name; a route missing here fails the contract tests.</summary>
    public static IReadOnlyDictionary<string, OperationContract> ByName { get; } = new Dictionary<string, OperationContract>
    {
        [nameof(ConnectivityApi.ListDocuments)] = new(
            "The ids of the account's live documents, 50 a page by default. Pass next_start_key back as start_key for the " +
            "next page, or paginate=false for all of them at once (up to a configured ceiling; past it a 400 says to page). " +
            "Filters are ANDed and evaluated by the database.",
            200, ContractSchemas.IdListEnvelope, Listing: true, Statuses: [400]),
        [nameof(ConnectivityApi.CreateDocument)] = new(
            "Validates the document (every problem at once, by path), writes the schema's defaults into it, stores DIDs in " +
            "E.164 and answers it with its new id, Location and ETag. A DID, SIP credential or IP-auth address another live " +
            "document holds is a 409; an account at its document quota a 403 quota_exceeded.",
            201, ContractSchemas.ConnectivityEnvelope, ContractSchemas.ConnectivityRequest, OperationHeaders.IdempotencyKey,
            Statuses: [400, 409, 413, 415, 422]),
        [nameof(ConnectivityApi.GetDocument)] = new(
            "The document as stored, with its revision in the envelope and the ETag header. If-None-Match with the current " +
            "revision answers 304 without a body.",
            200, ContractSchemas.ConnectivityEnvelope, Headers: OperationHeaders.IfNoneMatch, Statuses: [304, 404]),
        [nameof(ConnectivityApi.ReplaceDocument)] = new(
            "Replaces every public field with the request's, validated as on create. With If-Match the write happens only at " +
            "that revision (else 412); without it, the change is applied to whatever revision is current.",
            200, ContractSchemas.ConnectivityEnvelope, ContractSchemas.ConnectivityRequest, OperationHeaders.IfMatch | OperationHeaders.IdempotencyKey,
            Statuses: [400, 404, 409, 412, 413, 415, 422]),
        [nameof(ConnectivityApi.PatchDocument)] = new(
            "Deep-merges the request's fields into the document: objects merge, arrays are replaced, null deletes a key. The " +
            "result is validated as on create. Concurrent patches without If-Match all take effect.",
            200, ContractSchemas.ConnectivityEnvelope, ContractSchemas.ConnectivityRequest, OperationHeaders.IfMatch | OperationHeaders.IdempotencyKey,
            Statuses: [400, 404, 409, 412, 413, 415, 422]),
        [nameof(ConnectivityApi.DeleteDocument)] = new(
            "Soft-deletes the document: its numbers, credentials and addresses are free again, its history is kept.",
            200, ContractSchemas.ConnectivityEnvelope, Headers: OperationHeaders.IfMatch | OperationHeaders.IdempotencyKey,
            Statuses: [400, 404, 409, 412, 422]),
        [nameof(ConnectivityApi.ApplyBatch)] = new(
            "Applies creates, replaces, patches and deletes of the account's documents in one transaction: all of them or " +
            "none, so numbers move between documents without ever being unrouted or routed twice. Each change is checked as " +
            "its single route checks it, and the lookup keys of the whole batch together: a number leaving one document of " +
            "the batch for another is no conflict, one that two documents of the batch route is a 409. 200 lists every " +
            "change's result; a failure answers 412 when a change's revision guard is stale, else the first failing " +
            "change's status, with every change's result in data. Not part of Kazoo's API.",
            200, ContractSchemas.BatchEnvelope, ContractSchemas.BatchRequest, OperationHeaders.IdempotencyKey, Statuses: [400, 404, 409, 412, 413, 415, 422],
            FailureSchema: ContractSchemas.BatchErrorEnvelope),
        [nameof(ConnectivityApi.ListRevisions)] = new(
            "Every kept revision of a live document, newest first: its revision, the write that made it and when. Not part of Kazoo's API.",
            200, ContractSchemas.RevisionListEnvelope, Statuses: [404]),
        [nameof(ConnectivityApi.GetRevision)] = new(
            "The document as revision {n} (or {n}-{hash}) left it; POST its data back to restore it. Not part of Kazoo's API.",
            200, ContractSchemas.ConnectivityEnvelope, Statuses: [404]),
        [nameof(LookupApi.LookupDid)] = new(
            "For call routers (tokens with the connectivity:lookup scope): the account, document and server routing the " +
            "number, its call settings and the INVITE target. The number may be written in any common form.",
            200, ContractSchemas.DidLookupEnvelope, Statuses: [400, 404]),
        [nameof(LookupApi.LookupCredential)] = new(
            "For registrars: the password-auth server with these credentials, case-insensitive, with the secret a digest " +
            "check needs (withheld for a disabled server).",
            200, ContractSchemas.CredentialLookupEnvelope, Statuses: [400, 404]),
        [nameof(LookupApi.LookupIp)] = new(
            "For call routers: the IP-auth server with this source address; IPv4 and IPv6 are compared in canonical form.",
            200, ContractSchemas.IpLookupEnvelope, Statuses: [400, 404]),
        [nameof(ChangeFeedApi.ReadChanges)] = new(
            "For admin and lookup tokens: every account's committed writes of connectivity documents and phone numbers, in " +
            "commit order, after position since (0 for the start). Pass next back as since to continue. With wait (seconds), " +
            "an answer with nothing new waits that long for a change; data is empty if none comes. Not part of Kazoo's API.",
            200, ContractSchemas.ChangeFeedEnvelope, Statuses: [400]),
        [nameof(ChangeFeedApi.ReadAccountChanges)] = new(
            "The account's committed writes of connectivity documents and phone numbers, in commit order, after position " +
            "since; next, wait and limit as for every account's feed. Not part of Kazoo's API.",
            200, ContractSchemas.ChangeFeedEnvelope, Statuses: [400]),
        [nameof(PhoneNumbersApi.ListNumbers)] = new(
            "Every number the account holds, with whether a connectivity document routes it (used_by).",
            200, ContractSchemas.NumberInventoryEnvelope),
        [nameof(PhoneNumbersApi.GetNumber)] = new(
            "One number of the inventory; 404 when the account does not hold it.",
            200, ContractSchemas.PhoneNumberEnvelope, Statuses: [400, 404]),
        [nameof(PhoneNumbersApi.AddNumber)] = new(
            "Adds the number to the account's inventory, in_service: 201, or 200 when the account held it already. Another " +
            "account holding it is a 409 naming the holder. Super-duper admin tokens only.",
            201, ContractSchemas.PhoneNumberEnvelope, Headers: OperationHeaders.IdempotencyKey, Statuses: [200, 400, 409, 422]),
        [nameof(PhoneNumbersApi.ReleaseNumber)] = new(
            "Releases the number from the inventory and answers it as it was, now released. Super-duper admin tokens only.",
            200, ContractSchemas.PhoneNumberEnvelope, Headers: OperationHeaders.IdempotencyKey, Statuses: [400, 404, 409, 422]),
        [nameof(UsageApi.GetUsage)] = new(
            "With from and to (YYYY-MM-DD; from inclusive, to exclusive, at most 366 days): the account's usage per UTC day and " +
            "in total, counted from what was live at each moment, deleted documents included for the time they were live. A " +
            "DID-day is one distinct number held at any moment of the day; a server-day one enabled server live at any moment of " +
            "the day; trunk-days, per day, each document's highest trunk count live that day, summed (inbound and outbound " +
            "likewise). With as_of (ISO 8601) instead: the account's connectivity at that instant, its counts and the documents " +
            "with their revisions. Not part of Kazoo's API.",
            200, ContractSchemas.UsageEnvelope, Statuses: [400]),
        [nameof(UsageApi.ExportUsage)] = new(
            "Every account's usage per UTC day in the period (from inclusive, to exclusive, YYYY-MM-DD), by account then day; " +
            "days without usage are left out. JSON in Kazoo's envelope, or CSV with Accept: text/csv; streamed as it is read. " +
            "Super-duper admin tokens only. Not part of Kazoo's API.",
            200, ContractSchemas.UsageExportEnvelope, Statuses: [400], Csv: true),
    };
}

/// <summary>The conditional and idempotency request headers a route honours.</summary>
[Flags]
internal enum OperationHeaders
{
    None = 0,
    IfMatch = 1,
    IfNoneMatch = 2,
    /// <summary><c>Idempotency-Key</c>; its successes may carry <c>Idempotent-Replayed</c>.</summary>
    IdempotencyKey = 4,
}
