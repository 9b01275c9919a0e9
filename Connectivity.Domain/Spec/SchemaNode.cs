using System.Text.Json.Nodes;

namespace Connectivity.Domain.Spec;

/// <summary>A schema being assembled from rows that may arrive in any order.</summary>
internal sealed class SchemaNode(string key, SpecRow origin)
{
    /// <summary>The spec key of this node, e.g. <c>servers.[].auth</c>.</summary>
    public string Key { get; } = key;

    /// <summary>The first row that mentioned this node; named in errors when no row declares it.</summary>
    public SpecRow Origin { get; } = origin;

    public SpecRow? DeclaredBy { get; set; }
    public JsonObject? TypeSchema { get; set; }
    public string? Description { get; set; }
    public JsonNode? Default { get; set; }
    public SortedDictionary<string, SchemaNode> Properties { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, SchemaNode> PatternProperties { get; } = new(StringComparer.Ordinal);
    public SchemaNode? Items { get; set; }
    public SortedSet<string> Required { get; } = new(StringComparer.Ordinal);

    public string? Type => TypeSchema?["type"]?.GetValue<string>();

    private static readonly string[] ConstraintOrder = ["type", "enum", "minLength", "maxLength", "minimum", "maximum"];

    /// <summary>The JSON Schema of this node, keywords always in the same order.</summary>
    public JsonObject ToJson()
    {
        var schema = new JsonObject();
        if (Description is not null) schema["description"] = Description;
        foreach (var keyword in ConstraintOrder)
            if (TypeSchema?[keyword] is { } value) schema[keyword] = value.DeepClone();
        if (Default is not null) schema["default"] = Default.DeepClone();
        if (Properties.Count > 0) schema["properties"] = ToJson(Properties);
        if (PatternProperties.Count > 0) schema["patternProperties"] = ToJson(PatternProperties);
        if (Items is not null) schema["items"] = Items.ToJson();
        if (Required.Count > 0) schema["required"] = new JsonArray([.. Required.Select(name => JsonValue.Create(name))]);
        return schema;
    }

    private static JsonObject ToJson(SortedDictionary<string, SchemaNode> children)
    {
        var json = new JsonObject();
        foreach (var (name, child) in children) json[name] = child.ToJson();
        return json;
    }
}
