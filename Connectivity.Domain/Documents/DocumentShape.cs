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

    /// <summary>Present with a value: JSON null counts as missing, as in Kazoo.</summary>
    public static bool IsPresent(JsonObject parent, string key) =>
        parent.TryGetPropertyValue(key, out var node) && node is not null;
}
