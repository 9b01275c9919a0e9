using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectivity.Domain.Spec;

/// <summary>
/// The Default column as a typed JSON value. Kazoo's docs write string defaults bare
/// (<c>`password`</c>) and everything else as JSON (<c>`0`</c>, <c>`true`</c>, <c>`[]`</c>).
/// </summary>
internal static class DefaultValue
{
    /// <exception cref="FormatException">The default does not fit the row's type.</exception>
    public static JsonNode Parse(string text, JsonObject typeSchema)
    {
        var value = typeSchema["type"]?.GetValue<string>() switch
        {
            "string" => JsonValue.Create(text),
            "integer" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : throw new FormatException($"default '{text}' is not an integer"),
            "boolean" => text switch
            {
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                _ => throw new FormatException($"default '{text}' is not true or false"),
            },
            "array" => ParseJson(text, JsonValueKind.Array),
            "object" => ParseJson(text, JsonValueKind.Object),
            var type => throw new FormatException($"a default is not supported for type '{type}'"),
        };
        CheckConstraints(value, typeSchema, text);
        return value;
    }

    private static JsonNode ParseJson(string text, JsonValueKind expected)
    {
        try
        {
            var node = JsonNode.Parse(text);
            if (node?.GetValueKind() == expected) return node;
        }
        catch (JsonException)
        {
        }
        throw new FormatException($"default '{text}' is not a JSON {expected.ToString().ToLowerInvariant()}");
    }

    private static void CheckConstraints(JsonNode value, JsonObject typeSchema, string text)
    {
        if (typeSchema["enum"] is JsonArray options && !options.Any(option => JsonNode.DeepEquals(option, value)))
            throw new FormatException($"default '{text}' is not one of the enumerated values");
        var length = value.GetValueKind() == JsonValueKind.String ? text.Length : (int?)null;
        if (length < typeSchema["minLength"]?.GetValue<long>() || length > typeSchema["maxLength"]?.GetValue<long>())
            throw new FormatException($"default '{text}' has a length outside the allowed range");
        var number = value.GetValueKind() == JsonValueKind.Number ? value.GetValue<long>() : (long?)null;
        if (number < typeSchema["minimum"]?.GetValue<long>() || number > typeSchema["maximum"]?.GetValue<long>())
            throw new FormatException($"default '{text}' is outside the allowed range");
        if (value is JsonArray elements && typeSchema["items"]?["type"]?.GetValue<string>() is { } itemType
            && elements.Any(element => !HasType(element, itemType)))
            throw new FormatException($"default '{text}' has elements that are not of type {itemType}");
    }

    private static bool HasType(JsonNode? element, string type) => (element?.GetValueKind(), type) switch
    {
        (JsonValueKind.String, "string") or (JsonValueKind.Object, "object") or (JsonValueKind.Array, "array") => true,
        (JsonValueKind.True or JsonValueKind.False, "boolean") => true,
        (JsonValueKind.Number, "integer") => element!.GetValue<JsonElement>().TryGetInt64(out _),
        _ => false,
    };
}
