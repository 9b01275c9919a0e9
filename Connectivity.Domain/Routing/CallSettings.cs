using System.Text.Json;
using Connectivity.Domain.Documents;

namespace Connectivity.Domain.Routing;

/// <summary>
/// The settings of an inbound call, each the first value found on the DID, then the server's
/// <c>options</c>, then the document's <c>account</c>. A JSON null counts as absent, as in Kazoo.
/// Values are returned as stored, and valid while the document they were read from is.
/// </summary>
public sealed record CallSettings
{
    /// <summary>The settings that cascade, in the order they are reported.</summary>
    private static readonly string[] Cascading =
    [
        "failover", "progress_timeout", "media_handling", "delay", "timeout", "ignore_early_media",
        "sip_headers", "caller_id", "emergency_caller_id", "flags",
    ];

    private CallSettings(List<KeyValuePair<string, JsonElement>> values) => Values = values;

    /// <summary>The resolved settings in the order they are reported; a setting absent at every level is not in it.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Values { get; }

    public JsonElement? this[string name]
    {
        get
        {
            foreach (var (key, value) in Values)
                if (key == name) return value;
            return null;
        }
    }

    public static CallSettings Resolve(JsonElement? did, JsonElement? serverOptions, JsonElement? account)
    {
        var values = new List<KeyValuePair<string, JsonElement>>(Cascading.Length);
        foreach (var name in Cascading)
        {
            var value = name switch
            {
                "failover" => First(did, serverOptions, account, name, Failover),
                "caller_id" or "emergency_caller_id" => First(did, serverOptions, account, name, CallerId),
                _ => First(did, serverOptions, account, name, static node => node),
            };
            if (value is { } found) values.Add(new(name, found));
        }
        return new CallSettings(values);
    }

    /// <summary>Writes the settings as the object a DID answer reports.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in Values)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    private static JsonElement? First(JsonElement? did, JsonElement? serverOptions, JsonElement? account, string name, Func<JsonElement, JsonElement?> usable)
    {
        foreach (var level in (ReadOnlySpan<JsonElement?>)[did, serverOptions, account])
        {
            if (level is not { ValueKind: JsonValueKind.Object } scope || !scope.TryGetProperty(name, out var node)
                || node.ValueKind == JsonValueKind.Null) continue;
            if (usable(node) is { } value) return value;
        }
        return null;
    }

    /// <summary>A failover names one destination: the number when there is one, else the SIP URI.</summary>
    private static JsonElement? Failover(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object) return null;
        foreach (var key in (ReadOnlySpan<string>)["e164", "sip"])
            if (DocumentShape.TryGetString(node, key, out var destination) && destination.Length > 0)
                return JsonSerializer.SerializeToElement(new Dictionary<string, string> { [key] = destination });
        return null;
    }

    /// <summary>A caller id with neither a name nor a number says nothing, so the next level is asked.</summary>
    private static JsonElement? CallerId(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && (HasValue(node, "cid_name") || HasValue(node, "cid_number")) ? node : null;

    private static bool HasValue(JsonElement parent, string key) =>
        parent.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;
}
