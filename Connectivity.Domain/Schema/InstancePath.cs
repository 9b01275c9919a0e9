using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Schema;

/// <summary>An instance location from JsonSchema.Net (a JSON Pointer) as segments, values and Kazoo's dotted path.</summary>
internal sealed class InstancePath(IReadOnlyList<string> segments)
{
    public IReadOnlyList<string> Segments { get; } = segments;

    public static InstancePath FromPointer(string pointer) =>
        new(pointer.Length == 0 ? [] : [.. pointer.Split('/').Skip(1).Select(Unescape)]);

    public string Dotted => Segments.Aggregate("", (path, segment) => ValidationErrors.Join(path, ValidationErrors.Segment(segment)));

    public string DottedChild(string name) => ValidationErrors.Join(Dotted, ValidationErrors.Segment(name));

    public JsonNode? ValueIn(JsonNode? document) => Segments.Aggregate(document, Child);

    /// <summary>Every subschema that applies at this location, found by walking the instance alongside the schema.</summary>
    public List<JsonObject> SchemasIn(JsonObject rootSchema, JsonNode? document)
    {
        List<JsonObject> schemas = [rootSchema];
        var node = document;
        foreach (var segment in Segments)
        {
            var parent = node;
            schemas = [.. schemas.SelectMany(schema => SchemaWalk.ForChild(schema, parent, segment))];
            node = Child(parent, segment);
        }
        return schemas;
    }

    private static JsonNode? Child(JsonNode? node, string segment) => node switch
    {
        JsonObject members => members[segment],
        JsonArray elements when int.TryParse(segment, out var index) && index >= 0 && index < elements.Count => elements[index],
        _ => null,
    };

    private static string Unescape(string segment) => segment.Replace("~1", "/").Replace("~0", "~");
}
