using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectivity.Domain.Schema;

/// <summary>Which subschemas apply to a child of an instance: by <c>properties</c>, <c>patternProperties</c> and <c>items</c>.</summary>
internal static class SchemaWalk
{
    private static readonly ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    public static IEnumerable<JsonObject> ForProperty(JsonObject schema, string name)
    {
        if (schema["properties"] is JsonObject properties && properties[name] is JsonObject named)
            yield return named;
        if (schema["patternProperties"] is not JsonObject patterns) yield break;
        foreach (var (pattern, subschema) in patterns)
            if (subschema is JsonObject matching && Pattern(pattern)?.IsMatch(name) == true)
                yield return matching;
    }

    /// <summary>The <c>patternProperties</c> of <paramref name="schema"/> with a subschema, each with its regex (null if it does not compile).</summary>
    public static IReadOnlyList<(string Pattern, Regex? Regex)> PatternProperties(JsonObject schema) =>
        schema["patternProperties"] is JsonObject patterns
            ? [.. patterns.Where(p => p.Value is JsonObject).Select(p => (p.Key, Pattern(p.Key)))]
            : [];

    public static JsonObject? ForItems(JsonObject schema) => schema["items"] as JsonObject;

    public static IEnumerable<JsonObject> ForChild(JsonObject schema, JsonNode? instance, string segment) =>
        instance is JsonArray ? ForItems(schema) is { } items ? [items] : [] : ForProperty(schema, segment);

    public static string? TypeOf(JsonObject schema) =>
        schema["type"] is JsonValue type && type.TryGetValue<string>(out var name) ? name : null;

    /// <summary>
    /// ECMAScript semantics, as JSON Schema requires and JsonSchema.Net applies: <c>\d</c> is only 0-9. Compiled: the
    /// schema's few patterns are matched against every DID key of every write, several times.
    /// </summary>
    private static Regex? Pattern(string pattern) => Patterns.GetOrAdd(pattern, static text =>
    {
        try
        {
            return new Regex(text, RegexOptions.ECMAScript | RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException)
        {
            return null;
        }
    });
}
