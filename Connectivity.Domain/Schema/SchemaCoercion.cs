using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectivity.Domain.Schema;

/// <summary>
/// Kazoo's leniency about scalars: a string holding an integer where the schema wants an integer
/// (Kazoo's own UI sends <c>"trunks": "0"</c>), and "true"/"false" where it wants a boolean,
/// become the typed value. Everything else is left for validation to reject.
/// </summary>
public static partial class SchemaCoercion
{
    public static void Coerce(JsonObject document) => Coerce(document, ConnectivitySchema.Json);

    internal static void Coerce(JsonObject document, JsonObject schema) => CoerceValue(document, schema);

    private static JsonNode? CoerceValue(JsonNode? value, JsonObject schema)
    {
        switch (value)
        {
            case JsonObject members:
                foreach (var name in members.Select(member => member.Key).ToList())
                    foreach (var subschema in SchemaWalk.ForProperty(schema, name))
                        Replace(members[name], CoerceValue(members[name], subschema), replacement => members[name] = replacement);
                return members;
            case JsonArray elements when SchemaWalk.ForItems(schema) is { } items:
                for (var index = 0; index < elements.Count; index++)
                {
                    var position = index;
                    Replace(elements[index], CoerceValue(elements[index], items), replacement => elements[position] = replacement);
                }
                return elements;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                return CoerceString(scalar.GetValue<string>(), SchemaWalk.TypeOf(schema)) ?? scalar;
            default:
                return value;
        }
    }

    private static void Replace(JsonNode? current, JsonNode? replacement, Action<JsonNode?> assign)
    {
        if (!ReferenceEquals(current, replacement)) assign(replacement);
    }

    private static JsonValue? CoerceString(string text, string? expectedType) => expectedType switch
    {
        "integer" when Integer().IsMatch(text)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        "boolean" when text == "true" => JsonValue.Create(true),
        "boolean" when text == "false" => JsonValue.Create(false),
        _ => null,
    };

    [GeneratedRegex("^-?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();
}
