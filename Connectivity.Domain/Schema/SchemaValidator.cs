using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;
using Json.Schema;

namespace Connectivity.Domain.Schema;

/// <summary>Validates a document against the connectivity schema, reporting every error at once in Kazoo's shape.</summary>
public static class SchemaValidator
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    // Documents built in code can nest deeper than the serializer's default limit of 64.
    private static readonly JsonSerializerOptions DeepDocuments = new() { MaxDepth = 1024 };

    public static ValidationErrors Validate(JsonNode? document) =>
        Validate(document, ConnectivitySchema.Schema, ConnectivitySchema.Json);

    internal static ValidationErrors Validate(JsonNode? document, JsonSchema schema, JsonObject schemaJson)
    {
        var errors = new ValidationErrors();
        var results = schema.Evaluate(JsonSerializer.SerializeToElement(document, DeepDocuments), Options);
        if (results.IsValid) return errors;

        foreach (var result in (results.Details ?? []).Prepend(results).Distinct())
        {
            if (result.Errors is not { Count: > 0 }) continue;
            var path = InstancePath.FromPointer(result.InstanceLocation.ToString());
            var value = path.ValueIn(document);
            var schemas = path.SchemasIn(schemaJson, document);
            foreach (var (keyword, libraryMessage) in result.Errors)
            {
                var keywordSchema = schemas.FirstOrDefault(candidate => candidate.ContainsKey(keyword));
                errors.AddRange(KazooErrorMessages.For(keyword, keywordSchema, path, value, libraryMessage));
            }
        }
        return errors;
    }
}
