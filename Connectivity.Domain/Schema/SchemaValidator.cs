using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;
using Json.Schema;

namespace Connectivity.Domain.Schema;

/// <summary>Validates a document against the connectivity schema, reporting every error at once in Kazoo's shape.</summary>
public static class SchemaValidator
{
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    public static ValidationErrors Validate(JsonNode? document) =>
        Validate(document, ConnectivitySchema.Schema, ConnectivitySchema.Json);

    internal static ValidationErrors Validate(JsonNode? document, JsonSchema schema, JsonObject schemaJson)
    {
        var errors = new ValidationErrors();
        var shapes = DidEntryShapes.Of(document, schemaJson);
        var results = schema.Evaluate(shapes.Instance, Options);
        if (results.IsValid) return errors;

        var found = new List<(ValidationError Error, int? Position)>();
        foreach (var result in (results.Details ?? []).Prepend(results).Distinct())
        {
            if (result.Errors is not { Count: > 0 }) continue;
            var path = InstancePath.FromPointer(result.InstanceLocation.ToString());
            var value = path.ValueIn(document);
            var schemas = path.SchemasIn(schemaJson, document);
            foreach (var (memberPath, position) in shapes.Expand(path))
                foreach (var (keyword, libraryMessage) in result.Errors)
                {
                    var keywordSchema = schemas.FirstOrDefault(candidate => candidate.ContainsKey(keyword));
                    found.AddRange(KazooErrorMessages.For(keyword, keywordSchema, memberPath, value, libraryMessage)
                        .Select(error => (error, position)));
                }
        }
        errors.AddRange(InEntryOrder(found));
        return errors;
    }

    /// <summary>
    /// The errors in the order a full evaluation reports them: the entries of one DIDs object one after another,
    /// each entry's errors together, where the reduced evaluation reports a shape's errors for all its entries at once.
    /// </summary>
    private static IEnumerable<ValidationError> InEntryOrder(List<(ValidationError Error, int? Position)> found)
    {
        for (var start = 0; start < found.Count;)
        {
            if (found[start].Position is null)
            {
                yield return found[start++].Error;
                continue;
            }
            var end = start;
            while (end < found.Count && found[end].Position is not null) end++;
            foreach (var (error, _) in found.Skip(start).Take(end - start).OrderBy(entry => entry.Position)) yield return error;
            start = end;
        }
    }
}
