using Connectivity.Api.Hosting;
using Connectivity.Api.Idempotency;
using Connectivity.Api.Kazoo;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Contract;

/// <summary>
/// The parts of the document no single route owns: its description, the schemas, the reusable headers, parameters and
/// error responses, the <c>X-Auth-Token</c> scheme, and the operational routes (probes, metrics) that are not route
/// handlers. Its one server is "/", the host that serves it: the document is the same on every host, so the committed
/// copy can be compared.
/// </summary>
internal sealed class ContractDocument : IOpenApiDocumentTransformer
{
    public const string TokenScheme = "X-Auth-Token";
    public const string RetryAfter = "Retry-After";

    public static readonly IReadOnlyDictionary<int, (string Name, string Schema, string Description)> ErrorResponses =
        new Dictionary<int, (string, string, string)>
        {
            [400] = ("BadRequest", ContractSchemas.ValidationErrorEnvelope,
                "validation error: every problem with the body, a query parameter or a path value, by path; or invalid json " +
                "(malformed, nested deeper than 64 levels, a key given twice), reported at json."),
            [401] = ("Unauthorized", ContractSchemas.ErrorEnvelope,
                "invalid_credentials: no token, or one that is expired, badly signed or not valid for this service."),
            [403] = ("Forbidden", ContractSchemas.ErrorEnvelope,
                "forbidden: the token is not for this account (or lacks the scope or admin right the route needs), or names a " +
                "number in another account's inventory; quota_exceeded: the account holds its most live documents " +
                "(data.quota, data.limit)."),
            [404] = ("NotFound", ContractSchemas.ErrorEnvelope,
                "bad_identifier: no live document (or revision) with this id in the account; not_found for lookups and numbers."),
            [409] = ("Conflict", ContractSchemas.ErrorEnvelope,
                "datastore_conflict: a DID, SIP credential or IP-auth address is held by another live document (named only " +
                "within the same account), or a number by another account; idempotency_key_in_use: a request with this " +
                "Idempotency-Key is still being processed."),
            [412] = ("PreconditionFailed", ContractSchemas.ErrorEnvelope,
                "precondition_failed: If-Match does not name the current revision (data.revision has it)."),
            [413] = ("PayloadTooLarge", ContractSchemas.ErrorEnvelope,
                "payload_too_large: the body is over the configured limit (1 MiB by default)."),
            [415] = ("UnsupportedMediaType", ContractSchemas.ErrorEnvelope,
                "unsupported_media_type: a Content-Type other than JSON (none, or application/x-www-form-urlencoded, is read as JSON)."),
            [422] = ("UnprocessableEntity", ContractSchemas.ErrorEnvelope,
                "idempotency_key_reused: the Idempotency-Key was already used with a different request (method, path, If-Match or body)."),
            [429] = ("TooManyRequests", ContractSchemas.ErrorEnvelope,
                "too_many_requests: the caller's request budget is spent, or too many writes to the account are waiting; " +
                "retry after Retry-After seconds (also data.retry_after)."),
            [503] = ("ServiceUnavailable", ContractSchemas.ErrorEnvelope,
                "datastore_unreachable (the database is down; Retry-After is the circuit's break time) or datastore_timeout " +
                "(this request ran past the datastore timeout; Retry-After: 1)."),
        };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Connectivity",
            Version = "v1",
            Description =
                "SIP trunk configuration (Kazoo's connectivity, or trunkstore, documents) on Kazoo's wire format, with the " +
                "call-time lookups call routers and registrars ask and the number inventory that decides who may route a " +
                "number. Requests carry Kazoo's envelope {\"data\": {...}}; every /v2 answer carries data, status, revision, " +
                "request_id, auth_token, timestamp, version and node, and the X-Request-ID and Cache-Control: no-store " +
                "headers. Errors use the same envelope with error (the status as a string) and message.",
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document" }];
        document.Components ??= new OpenApiComponents();
        ContractSchemas.AddTo(document);
        AddHeaders(document.Components);
        AddParameters(document.Components);
        AddResponses(document);
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [TokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = TokenScheme,
                Description =
                    "A JWT (HS256 with the configured key, or RS256/ES256 with a configured public key; exp required). " +
                    "account_id allows that account only; is_superduper_admin: true every account; the connectivity:lookup " +
                    "scope the lookups. Kazoo's auth_token in the request envelope is read too, and ?auth_token= where " +
                    "the service allows it (Development by default).",
            },
        };
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Connectivity", Description = "Kazoo's connectivity resource and its revision history" },
            new() { Name = "Lookups", Description = "What call routers and registrars ask at call time" },
            new() { Name = "PhoneNumbers", Description = "The number inventory: which account may route a number" },
            new() { Name = "Operations", Description = "Kubernetes probes and the Prometheus scrape; no token, no envelope" },
        };
        AddOperationalRoutes(document);
        return Task.CompletedTask;
    }

    private static void AddHeaders(OpenApiComponents components) =>
        components.Headers = new Dictionary<string, IOpenApiHeader>
        {
            [RequestIds.Header] = Header("The request's id: the caller's own X-Request-ID when it sent a usable one, else a new one; also the envelope's request_id"),
            [HeaderNames.CacheControl] = Header("Always no-store on /v2: documents and lookups hold SIP passwords"),
            [HeaderNames.ETag] = Header("The document's revision, quoted; send it back in If-Match or If-None-Match"),
            [HeaderNames.Location] = Header("Where the created resource is fetched"),
            [RetryAfter] = new OpenApiHeader { Description = "Seconds to wait before retrying", Schema = ContractSchemas.Integer("Seconds") },
            [IdempotencyKeys.ReplayedHeader] = Header(
                "true when the answer is the stored answer of an earlier request with the same Idempotency-Key; nothing was written again"),
        };

    private static OpenApiHeader Header(string description) => new() { Description = description, Schema = ContractSchemas.Text(description) };

    private static void AddParameters(OpenApiComponents components)
    {
        components.Parameters = new Dictionary<string, IOpenApiParameter>
        {
            [HeaderNames.IfMatch] = HeaderParameter(HeaderNames.IfMatch, "Write only if the document is at this revision ({n}-{md5}, quoted or not); else 412"),
            [HeaderNames.IfNoneMatch] = HeaderParameter(HeaderNames.IfNoneMatch, "Answer 304 without a body if the document is still at this revision"),
            [RequestIds.Header] = HeaderParameter(RequestIds.Header, "The caller's id for this request, echoed back and logged"),
            [IdempotencyKeys.Header] = HeaderParameter(IdempotencyKeys.Header,
                "A key the caller picks per write (a UUID), quoted or not, at most 255 printable ASCII characters. A retry with the " +
                "same key and request within the retention (24 h) answers the first answer again with Idempotent-Replayed: true " +
                "and writes nothing; a different request under the key is a 422, one while the first still runs a 409. " +
                "A request that failed keeps no record, so its retry runs afresh. Keys belong to their account."),
        };
        foreach (var (name, parameter) in ListingParameters) components.Parameters[name] = parameter;
    }

    private static OpenApiParameter HeaderParameter(string name, string description) =>
        new() { Name = name, In = ParameterLocation.Header, Description = description, Schema = ContractSchemas.Text(description) };

    /// <summary>Kazoo's paging and filter parameters; filter_{key} has a name per key, so it is described as one object.</summary>
    public static IReadOnlyList<(string Name, OpenApiParameter Parameter)> ListingParameters { get; } =
    [
        Query("page_size", "Ids per page: 50 by default, at most 1000", ContractSchemas.Integer("Ids per page")),
        Query("start_key", "The next_start_key of the previous page", ContractSchemas.Text("Opaque key")),
        Query("paginate", "false for every id in one answer (up to the configured ceiling, 10,000 by default)", ContractSchemas.Boolean("Paginate")),
        Query("has_key", "Only documents with this dotted key (account.auth_realm)", ContractSchemas.Text("Dotted key")),
        Query("key_missing", "Only documents without this dotted key", ContractSchemas.Text("Dotted key")),
        Query("has_value", "Only documents where this dotted key has a value other than null", ContractSchemas.Text("Dotted key")),
        Query("created_from", "Created at or after: Gregorian seconds as Kazoo sends them, Unix seconds or ISO 8601", ContractSchemas.Text("Time")),
        Query("created_to", "Created at or before (same forms as created_from)", ContractSchemas.Text("Time")),
        Query("modified_from", "Last written at or after (same forms as created_from)", ContractSchemas.Text("Time")),
        Query("modified_to", "Last written at or before (same forms as created_from)", ContractSchemas.Text("Time")),
        ("filters", new OpenApiParameter
        {
            Name = "filters",
            In = ParameterLocation.Query,
            Style = ParameterStyle.Form,
            Explode = true,
            Description =
                "filter_{dotted.key}={value}: only documents where the key has this value (filter_name=Acme%20PBX, " +
                "filter_account.auth_realm=...); filter_not_{dotted.key}={value}: only documents where it has not.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                PropertyNames = ContractSchemas.Text("filter_ or filter_not_, then a dotted key", "^filter_(not_)?.+$"),
                AdditionalProperties = ContractSchemas.Text("The value to compare with"),
            },
        }),
    ];

    private static (string, OpenApiParameter) Query(string name, string description, OpenApiSchema schema) =>
        (name, new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema });

    private static void AddResponses(OpenApiDocument document)
    {
        document.Components!.Responses = new Dictionary<string, IOpenApiResponse>();
        foreach (var (_, (name, schema, description)) in ErrorResponses)
        {
            var response = new OpenApiResponse
            {
                Description = description,
                Headers = StandardHeaders(document),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = ContractSchemas.Ref(document, schema) },
                },
            };
            if (name is "TooManyRequests" or "ServiceUnavailable")
                response.Headers[RetryAfter] = new OpenApiHeaderReference(RetryAfter, document);
            document.Components.Responses[name] = response;
        }
    }

    /// <summary>The headers every /v2 answer carries.</summary>
    public static Dictionary<string, IOpenApiHeader> StandardHeaders(OpenApiDocument document) => new()
    {
        [RequestIds.Header] = new OpenApiHeaderReference(RequestIds.Header, document),
        [HeaderNames.CacheControl] = new OpenApiHeaderReference(HeaderNames.CacheControl, document),
    };

    private static void AddOperationalRoutes(OpenApiDocument document)
    {
        var report = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "The probe's verdict and the checks behind it",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = ContractSchemas.Text("Healthy, Degraded or Unhealthy"),
                ["checks"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Each check's status and description" },
            },
        };
        AddProbe(document, Probes.LivePath, "Liveness: checks nothing outside the process", report);
        AddProbe(document, Probes.ReadyPath, "Readiness: PostgreSQL reachable and migrated, and the service not shutting down", report);
        AddProbe(document, Probes.StartupPath, "Startup: the host has started", report);
        document.Paths.Add("/metrics", new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "ScrapeMetrics",
                    Summary = "Prometheus scrape",
                    Description = "HTTP, runtime, Npgsql, rate-limiter and the service's own Connectivity meter, in Prometheus text format.",
                    Tags = new HashSet<OpenApiTagReference> { new("Operations", document) },
                    Security = [],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "The metrics",
                            Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = ContractSchemas.Text("Prometheus exposition format") } },
                        },
                    },
                },
            },
        });
    }

    private static void AddProbe(OpenApiDocument document, string path, string summary, OpenApiSchema report) =>
        document.Paths.Add(path, new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "Probe" + char.ToUpperInvariant(path.Split('/')[^1][0]) + path.Split('/')[^1][1..],
                    Summary = summary,
                    Tags = new HashSet<OpenApiTagReference> { new("Operations", document) },
                    Security = [],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = Report("Healthy", report),
                        ["503"] = Report("Unhealthy", report),
                    },
                },
            },
        });

    private static OpenApiResponse Report(string description, OpenApiSchema report) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = report } },
    };
}
