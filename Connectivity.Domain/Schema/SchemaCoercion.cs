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
                foreach (var (name, member) in members.ToList())
                {
                    var current = member;
                    foreach (var subschema in SchemaWalk.ForProperty(schema, name))
                    {
                        var coerced = CoerceValue(current, subschema);
                        if (!ReferenceEquals(coerced, current)) members[name] = current = coerced;
                    }
                }
                return members;
            case JsonArray elements when SchemaWalk.ForItems(schema) is { } items:
                for (var index = 0; index < elements.Count; index++)
                {
                    var coerced = CoerceValue(elements[index], items);
                    if (!ReferenceEquals(coerced, elements[index])) elements[index] = coerced;
                }
                return elements;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                return CoerceString(scalar.GetValue<string>(), SchemaWalk.TypeOf(schema)) ?? scalar;
            default:
                return value;
        }
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
