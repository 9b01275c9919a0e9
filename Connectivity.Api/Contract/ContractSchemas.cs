using System.Text.Json.Nodes;
using Connectivity.Domain.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Connectivity.Api.Contract;

/// <summary>
/// The schemas of the document: the connectivity document exactly as generated from the spec table (OpenAPI 3.1 speaks
/// JSON Schema 2020-12), and Kazoo's request, response and error envelopes around it.
/// </summary>
internal static class ContractSchemas
{
    public const string Connectivity = "Connectivity";
    public const string StoredConnectivity = "StoredConnectivity";
    public const string ConnectivityRequest = "ConnectivityRequest";
    public const string Envelope = "Envelope";
    public const string ConnectivityEnvelope = "ConnectivityEnvelope";
    public const string IdListEnvelope = "IdListEnvelope";
    public const string RevisionListEnvelope = "RevisionListEnvelope";
    public const string ChangeFeedEnvelope = "ChangeFeedEnvelope";
    public const string DidLookupEnvelope = "DidLookupEnvelope";
    public const string CredentialLookupEnvelope = "CredentialLookupEnvelope";
    public const string IpLookupEnvelope = "IpLookupEnvelope";
    public const string NumberInventoryEnvelope = "NumberInventoryEnvelope";
    public const string PhoneNumberEnvelope = "PhoneNumberEnvelope";
    public const string BatchRequest = "BatchRequest";
    public const string BatchResult = "BatchResult";
    public const string BatchEnvelope = "BatchEnvelope";
    public const string BatchErrorEnvelope = "BatchErrorEnvelope";
    public const string UsageEnvelope = "UsageEnvelope";
    public const string UsageExportEnvelope = "UsageExportEnvelope";
    public const string ErrorEnvelope = "ErrorEnvelope";
    public const string ValidationErrors = "ValidationErrors";
    public const string ValidationErrorEnvelope = "ValidationErrorEnvelope";

    public const string IdPattern = "^[0-9a-f]{32}$";

    public static void AddTo(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        schemas[Connectivity] = Generated(document);
        schemas[StoredConnectivity] = AllOf(document, Connectivity, Object(
            "A connectivity document as stored: the fields written, the schema's defaults, and its id.",
            ("id", Text("The document's id: 32 lowercase hexadecimal characters", IdPattern))));
        schemas[ConnectivityRequest] = Object(
            "Kazoo's request envelope: the document in data.",
            required: ["data"],
            properties:
            [
                ("data", Ref(document, Connectivity)),
                ("auth_token", Text("A token, when the X-Auth-Token header is not sent")),
            ]);
        schemas[Envelope] = Object(
            "Kazoo's response envelope, around every answer of the /v2 routes.",
            required: ["status", "request_id", "timestamp", "version", "node"],
            properties:
            [
                ("status", Enumeration("success for 1xx to 3xx, error otherwise", "success", "error")),
                ("revision", Text("The document's revision, {n}-{md5}, where the answer is one document")),
                ("request_id", Text("The request's id, also in the X-Request-ID header")),
                ("auth_token", Text("The token the request was authenticated with")),
                ("timestamp", Text("When the answer was written (ISO 8601, UTC)", format: "date-time")),
                ("version", Text("The service's version")),
                ("node", Text("The host that answered")),
            ]);
        schemas[ConnectivityEnvelope] = DataEnvelope(document, "One connectivity document.", Ref(document, StoredConnectivity));
        schemas[IdListEnvelope] = AllOf(document, Envelope, Object(
            "One page of a listing: the ids, and the key of the next page while there is one.",
            ("data", ArrayOf("Document ids, in a stable order", Text("A document id", IdPattern))),
            ("page_size", Integer("How many ids this page holds")),
            ("start_key", Text("The start_key this page was asked with")),
            ("next_start_key", Text("Pass as start_key for the next page; absent on the last page"))));
        schemas[RevisionListEnvelope] = DataEnvelope(document, "A document's kept revisions, newest first.", ArrayOf(
            "The revisions",
            Object("One write of the document",
                ("revision", Text("{n}-{md5}")),
                ("operation", Enumeration("The write that made it", "create", "replace", "patch", "delete")),
                ("modified", Text("When it was written (ISO 8601, UTC)", format: "date-time")))));
        schemas[ChangeFeedEnvelope] = AllOf(document, Envelope, Object(
            "Committed writes in commit order, and the position to continue from.",
            ("data", ArrayOf("The changes after since, oldest first; empty when none came within wait", Object("One committed write",
                ("position", Integer("Its place in commit order: 1, 2, 3, ... with no gaps over all accounts")),
                ("account_id", Text("The account written", IdPattern)),
                ("type", Enumeration("What was written", "connectivity", "phone_number")),
                ("id", Text("The connectivity document's id, or the phone number in E.164")),
                ("revision", new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Description = "The document's revision number after the write; null for phone numbers" }),
                ("operation", Enumeration("The write: create, replace, patch, delete (documents); insert, update, delete (numbers)",
                    "create", "replace", "patch", "delete", "insert", "update")),
                ("time", Text("When it committed (ISO 8601, UTC)", format: "date-time"))))),
            ("next", Integer("Pass as since to continue after this answer"))));
        schemas[DidLookupEnvelope] = DataEnvelope(document, "Where a call to the number goes.", Lookup(
            "The route of an inbound call to the number",
            ("number", Text("The number in E.164")),
            ("settings", Open("The call settings, each the first found in DID, server options, then account")),
            ("inbound_format", Text("How the INVITE's user part is written")),
            ("hunt_account_id", Text("Account to hunt in when the number is not reconcilable")),
            ("hunt_non_reconcilable", Boolean("Hunt for numbers not reconcilable")),
            ("options", Open("The DID's own options")),
            ("invite", Object("The INVITE target",
                ("user", Text("Request user")),
                ("realm", Text("Request realm")),
                ("ip", Text("Address the INVITE is sent to")),
                ("port", Integer("Port the INVITE is sent to")),
                ("port_in_uri", Boolean("Whether the port is written in the request URI")),
                ("request_uri", Text("The request URI, user part escaped as RFC 3261 requires"))))));
        schemas[CredentialLookupEnvelope] = DataEnvelope(document, "The password-auth server with these credentials.", Lookup(
            "The server a registrar checks a digest against",
            ("realm", Text("The account's auth realm")),
            ("username", Text("The server's auth_user")),
            ("auth", Object("The credentials; absent for a disabled server",
                ("auth_method", Enumeration("Always password", "password")),
                ("auth_user", Text("The SIP user")),
                ("auth_password", Text("The SIP password"))))));
        schemas[IpLookupEnvelope] = DataEnvelope(document, "The IP-auth server with this source address.", Lookup(
            "The server calls from this address belong to",
            ("ip", Text("The address in canonical form")),
            ("auth", Object("How the server authenticates; absent for a disabled server",
                ("auth_method", Enumeration("Always ip", "ip")),
                ("ip", Text("The server's address as written in its document")),
                ("port", Integer("The server's port"))))));
        var phoneNumber = Object("A number of an account's inventory",
            ("id", Text("The number in E.164 (one number only)")),
            ("assigned_to", Text("The account holding the number", IdPattern)),
            ("state", Enumeration("in_service while held, released once released", "in_service", "released")),
            ("used_by", Text("connectivity while a document routes the number")),
            ("created", Integer("Gregorian seconds")),
            ("updated", Integer("Gregorian seconds")));
        schemas[PhoneNumberEnvelope] = DataEnvelope(document, "One number of an account's inventory.", phoneNumber);
        schemas[NumberInventoryEnvelope] = DataEnvelope(document, "An account's number inventory.", Object(
            "The inventory",
            ("numbers", Map("Inventory entries by number in E.164", phoneNumber))));
        schemas[BatchRequest] = Object(
            "A batch of changes to the account's documents, applied in one transaction: all of them or none.",
            required: ["data"],
            properties:
            [
                ("data", ArrayOf("The changes, in order; each document at most once; at most 100 by default (configurable)", Object(
                    "One change",
                    required: ["op"],
                    properties:
                    [
                        ("op", Enumeration("The write, as the single routes make it", "create", "replace", "patch", "delete")),
                        ("id", Text("The document; for a create optional (or in data.id), a new id is given without it", IdPattern)),
                        ("revision", Text("Optional guard, as If-Match: the change applies only at this revision, else the batch is a 412")),
                        ("data", Open("The document (create, replace) or the fields to merge (patch); not read for a delete")),
                    ]))),
                ("auth_token", Text("A token, when the X-Auth-Token header is not sent")),
            ]);
        schemas[BatchResult] = Object("What became of one change of a batch",
            ("op", Enumeration("The change's write", "create", "replace", "patch", "delete")),
            ("id", Text("The document written (a create's new id included)", IdPattern)),
            ("status", Enumeration(
                "success (applied), error (this change failed: see error, message and data), or not_applied (it failed no " +
                "check, but the batch was not applied because another change failed)", "success", "error", "not_applied")),
            ("revision", Text("The document's new revision, on success")),
            ("data", Open("The document as written, on success (a deleted one with _read_only.deleted); the error's details, on error")),
            ("error", Text("The change's HTTP status as a string, on error")),
            ("message", Text("Kazoo's message of the change's error (validation error, bad_identifier, ...), or why it was not applied")));
        schemas[BatchEnvelope] = DataEnvelope(document, "Every change applied: one result per change, in order.",
            ArrayOf("The results, in the request's order", Ref(document, BatchResult)));
        schemas[BatchErrorEnvelope] = Error(
            "Nothing applied. When changes failed, data holds one result per change, in order, and error and message are " +
            "those of the batch's status: 412 when a revision guard was stale, else the first failing change's. When the " +
            "request itself is malformed (not an array, empty, too many changes, an unknown op, a document named twice), " +
            "data holds the validation errors by path (0.op, 3.id), as every 400.",
            Open("The per-change results (an array of BatchResult), or the request's validation errors"));
        (string, IOpenApiSchema)[] figures =
        [
            ("did_days", Integer("Distinct numbers held at any moment of the day")),
            ("server_days", Integer("Enabled servers live at any moment of the day")),
            ("trunk_days", Integer("Per document the highest account.trunks live that day, summed")),
            ("inbound_trunk_days", Integer("Per document the highest account.inbound_trunks live that day, summed")),
            ("outbound_trunk_days", Integer("Per document the highest account.outbound_trunks live that day, summed")),
        ];
        var day = Text("A UTC day, YYYY-MM-DD", format: "date");
        schemas[UsageEnvelope] = DataEnvelope(document, "The account's usage per day, or its connectivity at an instant.", new OpenApiSchema
        {
            Description = "Days with from and to; a snapshot with as_of",
            OneOf =
            [
                Object("The account's usage in the period",
                    ("from", day),
                    ("to", Text("The day after the period's last, YYYY-MM-DD", format: "date")),
                    ("days", ArrayOf("Every day of the period, oldest first", Object("One day's figures", [("day", day), .. figures]))),
                    ("total", Object("The period's figures, each the sum of its days", figures))),
                Object("The account's connectivity at an instant",
                    ("as_of", Text("The instant (ISO 8601, UTC)", format: "date-time")),
                    ("dids", Integer("Distinct numbers held")),
                    ("servers", Integer("Enabled servers")),
                    ("trunks", Integer("Sum of the documents' account.trunks")),
                    ("inbound_trunks", Integer("Sum of the documents' account.inbound_trunks")),
                    ("outbound_trunks", Integer("Sum of the documents' account.outbound_trunks")),
                    ("documents", ArrayOf("The live documents, by id", Object("A live document",
                        ("id", Text("The document's id", IdPattern)),
                        ("revision", Text("Its revision at that instant, {n}-{md5}")))))),
            ],
        });
        schemas[UsageExportEnvelope] = DataEnvelope(document, "Every account's usage per day.", ArrayOf(
            "One row per account and day with usage, by account then day",
            Object("One account's figures for one day", [("account_id", Text("The account", IdPattern)), ("day", day), .. figures])));
        schemas[ErrorEnvelope] = Error(
            "Kazoo's error envelope: the status as a string in error, a short message, details in data.",
            Open("Details: usually message, and cause, target or value"));
        schemas[ValidationErrors] = Map(
            "Every problem at once, by the path of the value (servers.0.auth.auth_user) or parameter name, then by the failed keyword",
            Map("Failed keywords (enum, maxLength, type, invalid, ...)", Object("One failed check",
                ("message", Text("What is wrong, in words")),
                ("target", Open("What the keyword asks for (the enum values, the maximum, ...)")),
                ("value", Open("The value found")))));
        // Written out rather than composed with allOf: data has another schema here, and generators that turn allOf
        // into inheritance cannot narrow a property they inherit.
        schemas[ValidationErrorEnvelope] = Error(
            "A 400: the error envelope with every problem of the request, by path, in data.",
            Ref(document, ValidationErrors));
    }

    private static OpenApiSchema Error(string description, IOpenApiSchema data) => Object(
        description,
        required: ["data", "error", "message", "status"],
        properties:
        [
            ("data", data),
            ("error", Text("The HTTP status, as a string")),
            ("message", Text("What went wrong, e.g. validation error, bad_identifier, datastore_conflict")),
            ("status", Enumeration("Always error", "error")),
            ("request_id", Text("The request's id, also in the X-Request-ID header")),
            ("auth_token", Text("The token the request was authenticated with")),
            ("timestamp", Text("When the answer was written (ISO 8601, UTC)", format: "date-time")),
            ("version", Text("The service's version")),
            ("node", Text("The host that answered")),
        ]);

    public static IOpenApiSchema Ref(OpenApiDocument document, string name) => new OpenApiSchemaReference(name, document);

    /// <summary>The generated schema read as it is: every keyword the generator writes is one OpenAPI 3.1 keeps.</summary>
    private static IOpenApiSchema Generated(OpenApiDocument document)
    {
        var text = ConnectivitySchema.Json.ToJsonString();
        return OpenApiModelFactory.Parse<OpenApiSchema>(text, OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, OpenApiConstants.Json)
               is { } schema && diagnostic.Errors.Count == 0
            ? schema
            : throw new InvalidOperationException($"The connectivity schema does not read as an OpenAPI 3.1 schema: {string.Join("; ", diagnostic.Errors.Select(e => e.Message))}");
    }

    private static OpenApiSchema DataEnvelope(OpenApiDocument document, string description, IOpenApiSchema data) =>
        AllOf(document, Envelope, Object(description, ("data", data)));

    private static OpenApiSchema AllOf(OpenApiDocument document, string baseSchema, OpenApiSchema addition) =>
        new() { Description = addition.Description, AllOf = [Ref(document, baseSchema), addition] };

    private static OpenApiSchema Lookup(string description, params (string Name, IOpenApiSchema Schema)[] properties) =>
        Object(description,
        [
            ("account_id", Text("The account holding the document", IdPattern)),
            ("connectivity_id", Text("The document", IdPattern)),
            ("server", Object("The server in the document", ("index", Integer("Its index in servers")), ("name", Text("Its name")))),
            ("routable", Boolean("false when the server is disabled")),
            ("not_routable", Text("Why not, when routable is false")),
            .. properties,
        ]);

    private static OpenApiSchema Object(string description, params (string Name, IOpenApiSchema Schema)[] properties) =>
        Object(description, [], properties);

    private static OpenApiSchema Object(string description, string[] required, (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Required = required.Length == 0 ? null : new HashSet<string>(required),
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    private static OpenApiSchema Map(string description, IOpenApiSchema values) =>
        new() { Type = JsonSchemaType.Object, Description = description, AdditionalProperties = values };

    private static OpenApiSchema Open(string description) => new() { Description = description };

    private static OpenApiSchema ArrayOf(string description, IOpenApiSchema items) =>
        new() { Type = JsonSchemaType.Array, Description = description, Items = items };

    public static OpenApiSchema Text(string description, string? pattern = null, string? format = null) =>
        new() { Type = JsonSchemaType.String, Description = description, Pattern = pattern, Format = format };

    public static OpenApiSchema Integer(string description) => new() { Type = JsonSchemaType.Integer, Description = description };

    public static OpenApiSchema Boolean(string description) => new() { Type = JsonSchemaType.Boolean, Description = description };

    private static OpenApiSchema Enumeration(string description, params string[] values) =>
        new() { Type = JsonSchemaType.String, Description = description, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };
}
