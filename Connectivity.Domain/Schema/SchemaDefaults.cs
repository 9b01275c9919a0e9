using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Connectivity.Domain.Schema;

/// <summary>
/// Writes the schema's <c>default</c> values into a document the way Kazoo stores them. A missing optional
/// object whose keys have defaults (a server's <c>options</c>) is created so its defaults land; a missing
/// required object (a server's <c>auth</c>) is not, so validation reports it; DID entries are never invented.
/// </summary>
public static class SchemaDefaults
{
    /// <summary>What a subschema adds to an object missing its keys, worked out once per subschema: a document repeats a subschema thousands of times (its DID entries).</summary>
    private static readonly ConditionalWeakTable<JsonObject, List<(string Name, JsonNode? Default, bool EmptyObject)>> MissingPlans = [];

    public static void Apply(JsonObject document) => Apply(document, ConnectivitySchema.Json);

    internal static void Apply(JsonObject document, JsonObject schema) => ApplyTo(document, schema);

    private static void ApplyTo(JsonNode? value, JsonObject schema)
    {
        switch (value)
        {
            case JsonObject members:
                AddMissing(members, schema);
                foreach (var (name, member) in members.ToList())
                    foreach (var subschema in SchemaWalk.ForProperty(schema, name))
                        ApplyTo(member, subschema);
                break;
            case JsonArray elements when SchemaWalk.ForItems(schema) is { } items:
                foreach (var element in elements) ApplyTo(element, items);
                break;
        }
    }

    private static void AddMissing(JsonObject members, JsonObject schema)
    {
        foreach (var (name, defaultValue, emptyObject) in MissingPlans.GetValue(schema, MissingPlan))
        {
            if (members.ContainsKey(name)) continue;
            members[name] = emptyObject ? new JsonObject() : defaultValue?.DeepClone();
        }
    }

    /// <summary>Each key that gets a value when missing: its default, or an empty object that would receive defaults.</summary>
    private static List<(string Name, JsonNode? Default, bool EmptyObject)> MissingPlan(JsonObject schema)
    {
        List<(string Name, JsonNode? Default, bool EmptyObject)> plan = [];
        if (schema["properties"] is not JsonObject properties) return plan;
        var required = RequiredNames(schema);
        foreach (var (name, property) in properties)
        {
            if (property is not JsonObject propertySchema) continue;
            if (propertySchema.TryGetPropertyValue("default", out var defaultValue))
                plan.Add((name, defaultValue, false));
            else if (!required.Contains(name) && HoldsDefaults(propertySchema))
                plan.Add((name, null, true));
        }
        return plan;
    }

    /// <summary>An object schema that would receive defaults if it existed: a default on a key, or on a key of an object it would create.</summary>
    private static bool HoldsDefaults(JsonObject schema) =>
        SchemaWalk.TypeOf(schema) == "object"
        && schema["properties"] is JsonObject properties
        && properties.Any(property => property.Value is JsonObject propertySchema
            && (propertySchema.ContainsKey("default") || (!RequiredNames(schema).Contains(property.Key) && HoldsDefaults(propertySchema))));

    private static HashSet<string> RequiredNames(JsonObject schema) =>
        schema["required"] is JsonArray names
            ? [.. names.OfType<JsonValue>().Select(name => name.TryGetValue<string>(out var text) ? text : null).OfType<string>()]
            : [];
}
