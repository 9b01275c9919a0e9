using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectivity.Domain.Documents;

/// <summary>
/// Type-tolerant reads of a connectivity document. Anything of an unexpected shape reads as
/// absent: reporting wrong types is the schema validator's job, and these rules must not throw.
/// </summary>
internal static class DocumentShape
{
    public static IEnumerable<(int Index, JsonObject Server)> Servers(JsonObject document)
    {
        if (!document.TryGetPropertyValue("servers", out var servers) || servers is not JsonArray array) yield break;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject server) yield return (i, server);
        }
    }

    public static JsonObject? Object(JsonObject? parent, string key) =>
        parent is not null && parent.TryGetPropertyValue(key, out var node) ? node as JsonObject : null;

    public static bool TryGetString(JsonObject? parent, string key, out string value)
    {
        value = "";
        if (parent is null || !parent.TryGetPropertyValue(key, out var node)) return false;
        return TryGetString(node, out value);
    }

    public static bool TryGetString(JsonNode? node, out string value)
    {
        value = "";
        if (node is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.String) return false;
        if (!scalar.TryGetValue<string>(out var text)) return false;
        value = text;
        return true;
    }

    public static bool TryGetNumber(JsonObject? parent, string key, out double value)
    {
        value = 0;
        if (parent is null || !parent.TryGetPropertyValue(key, out var node)) return false;
        if (node is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.Number) return false;
        // The JSON text, not TryGetValue<T>: a value may be backed by a JsonElement or any CLR number type.
        return double.TryParse(scalar.ToJsonString(), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The stored form of the reads above, for a body read without building nodes.</summary>
    public static JsonElement? Object(JsonElement? parent, string key) =>
        parent is { ValueKind: JsonValueKind.Object } scope && scope.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static bool TryGetString(JsonElement? parent, string key, out string value)
    {
        value = "";
        if (parent is not { ValueKind: JsonValueKind.Object } scope || !scope.TryGetProperty(key, out var node)
            || node.ValueKind != JsonValueKind.String) return false;
        value = node.GetString()!;
        return true;
    }

    public static bool TryGetNumber(JsonElement? parent, string key, out double value)
    {
        value = 0;
        return parent is { ValueKind: JsonValueKind.Object } scope && scope.TryGetProperty(key, out var node)
            && node.ValueKind == JsonValueKind.Number && node.TryGetDouble(out value);
    }

    public static bool TryGetBoolean(JsonElement? parent, string key, out bool value)
    {
        value = false;
        if (parent is not { ValueKind: JsonValueKind.Object } scope || !scope.TryGetProperty(key, out var node)) return false;
        if (node.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return false;
        value = node.GetBoolean();
        return true;
    }

    /// <summary>Present with a value: JSON null counts as missing, as in Kazoo.</summary>
    public static bool IsPresent(JsonObject parent, string key) =>
        parent.TryGetPropertyValue(key, out var node) && node is not null;
}
