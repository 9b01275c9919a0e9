using System.Globalization;
using Connectivity.Api.Idempotency;
using Connectivity.Api.Kazoo;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Contract;

/// <summary>
/// Describes each route from its <see cref="OperationContract"/>: the body it reads, what it answers, the headers and
/// parameters it honours, the statuses it can answer, and the token it needs.
/// </summary>
internal sealed class ContractOperations : IOpenApiOperationTransformer
{
    /// <summary>Statuses any /v2 route can answer: no or a bad token, a token without the right, rate limits, the database.</summary>
    private static readonly int[] EveryRoute = [401, 403, 429, 503];

    private static readonly Dictionary<string, (string Description, string? Pattern)> PathParameters = new()
    {
        ["accountId"] = ("The account's id: 32 lowercase hexadecimal characters", ContractSchemas.IdPattern),
        ["id"] = ("The connectivity document's id: 32 lowercase hexadecimal characters", ContractSchemas.IdPattern),
        ["revision"] = ("A revision number {n}, or a full revision {n}-{md5}", null),
        ["number"] = ("A phone number in any common form: +14158867900 (%2B14158867900), 14158867900, 4158867900", null),
        ["realm"] = ("The account's SIP realm: a host name or an IP address", null),
        ["username"] = ("The SIP user (an RFC 3261 user part)", null),
        ["ip"] = ("An IPv4 or IPv6 address", null),
    };

    /// <summary>The change feed's whole-number query parameters.</summary>
    private static readonly Dictionary<string, (string Description, int Minimum)> QueryParameters = new()
    {
        ["since"] = ("The position to read after: 0 (the default) for the start, else the next of the previous answer", 0),
        ["limit"] = ("Most entries to answer: 100 by default, at most 1000 (both configurable)", 1),
        ["wait"] = ("Seconds to wait for a change when there is none yet: 0 by default, at most 30 (configurable)", 0),
    };

    /// <summary>The usage reports' text query parameters.</summary>
    private static readonly Dictionary<string, (string Description, string Format)> TextQueryParameters = new()
    {
        ["from"] = ("The period's first UTC day, YYYY-MM-DD (inclusive)", "date"),
        ["to"] = ("The UTC day after the period's last, YYYY-MM-DD (exclusive)", "date"),
        ["as_of"] = ("An instant (ISO 8601, e.g. 2026-01-31T12:00:00Z): answer the account's connectivity at that instant instead of days", "date-time"),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is null || !OperationContract.ByName.TryGetValue(name, out var contract)) return Task.CompletedTask;
        var document = context.Document ?? throw new InvalidOperationException("Operation transformers run with their document.");

        operation.Description = contract.Description;
        DescribeParameters(operation);
        AddParameters(operation, contract, document);
        if (contract.RequestSchema is not null)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = contract.RequestSchema == ContractSchemas.BatchRequest
                    ? "Kazoo's request envelope; the changes in data"
                    : "Kazoo's request envelope; the document in data",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = ContractSchemas.Ref(document, contract.RequestSchema) },
                },
            };

        operation.Responses = new OpenApiResponses();
        AddSuccess(operation, contract, contract.SuccessStatus, document);
        foreach (var status in (contract.Statuses ?? []).Concat(EveryRoute).Order())
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (status < 300) AddSuccess(operation, contract, status, document);
            else if (status == 304) operation.Responses[key] = NotModified(document);
            else if (contract.FailureSchema is not null && OperationContract.ItemFailureStatuses.Contains(status))
                operation.Responses[key] = Failure(ContractDocument.ErrorResponses[status].Description, contract.FailureSchema, document);
            else operation.Responses[key] = new OpenApiResponseReference(ContractDocument.ErrorResponses[status].Name, document);
        }
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ContractDocument.TokenScheme, document)] = [] }];
        return Task.CompletedTask;
    }

    private static void DescribeParameters(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            if (parameter.In == ParameterLocation.Path && PathParameters.TryGetValue(parameter.Name!, out var described))
            {
                parameter.Description = described.Description;
                parameter.Schema = ContractSchemas.Text(described.Description, described.Pattern);
            }
            else if (parameter.In == ParameterLocation.Query && QueryParameters.TryGetValue(parameter.Name!, out var query))
            {
                parameter.Description = query.Description;
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Minimum = query.Minimum.ToString(CultureInfo.InvariantCulture),
                    Description = query.Description,
                };
            }
            else if (parameter.In == ParameterLocation.Query && TextQueryParameters.TryGetValue(parameter.Name!, out var text))
            {
                parameter.Description = text.Description;
                parameter.Schema = ContractSchemas.Text(text.Description, format: text.Format);
            }
    }

    private static void AddParameters(OpenApiOperation operation, OperationContract contract, OpenApiDocument document)
    {
        var parameters = operation.Parameters ??= [];
        parameters.Add(new OpenApiParameterReference(RequestIds.Header, document));
        if (contract.Headers.HasFlag(OperationHeaders.IfMatch)) parameters.Add(new OpenApiParameterReference(HeaderNames.IfMatch, document));
        if (contract.Headers.HasFlag(OperationHeaders.IfNoneMatch)) parameters.Add(new OpenApiParameterReference(HeaderNames.IfNoneMatch, document));
        if (contract.Headers.HasFlag(OperationHeaders.IdempotencyKey)) parameters.Add(new OpenApiParameterReference(IdempotencyKeys.Header, document));
        if (contract.Listing)
            foreach (var (name, _) in ContractDocument.ListingParameters) parameters.Add(new OpenApiParameterReference(name, document));
    }

    private static void AddSuccess(OpenApiOperation operation, OperationContract contract, int status, OpenApiDocument document)
    {
        var headers = ContractDocument.StandardHeaders(document);
        if (contract.SuccessSchema == ContractSchemas.ConnectivityEnvelope) headers[HeaderNames.ETag] = new OpenApiHeaderReference(HeaderNames.ETag, document);
        if (status == StatusCodes.Status201Created) headers[HeaderNames.Location] = new OpenApiHeaderReference(HeaderNames.Location, document);
        if (contract.Headers.HasFlag(OperationHeaders.IdempotencyKey))
            headers[IdempotencyKeys.ReplayedHeader] = new OpenApiHeaderReference(IdempotencyKeys.ReplayedHeader, document);
        operation.Responses![status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
        {
            Description = status switch
            {
                StatusCodes.Status201Created => "Created",
                _ when status != contract.SuccessStatus => "Already so: nothing changed",
                _ => "Success",
            },
            Headers = headers,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = ContractSchemas.Ref(document, contract.SuccessSchema) },
            },
        };
        if (contract.Csv)
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)].Content!["text/csv"] = new OpenApiMediaType
            {
                Schema = ContractSchemas.Text($"A header line ({Usage.UsageExport.CsvHeader}), then one line per row"),
            };
    }

    private static OpenApiResponse Failure(string description, string schema, OpenApiDocument document) => new()
    {
        Description = description,
        Headers = ContractDocument.StandardHeaders(document),
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = ContractSchemas.Ref(document, schema) },
        },
    };

    private static OpenApiResponse NotModified(OpenApiDocument document)
    {
        var headers = ContractDocument.StandardHeaders(document);
        headers[HeaderNames.ETag] = new OpenApiHeaderReference(HeaderNames.ETag, document);
        return new OpenApiResponse { Description = "The document is still at the revision If-None-Match named; no body", Headers = headers };
    }
}
