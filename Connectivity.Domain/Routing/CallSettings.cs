using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Domain.Documents;

namespace Connectivity.Domain.Routing;

/// <summary>
/// The settings of an inbound call, each the first value found on the DID, then the server's
/// <c>options</c>, then the document's <c>account</c>. A JSON null counts as absent, as in Kazoo.
/// Values are copies, returned as stored.
/// </summary>
public sealed record CallSettings
{
    /// <summary>The settings that cascade, in the order they are reported.</summary>
    private static readonly IReadOnlyList<string> Cascading =
    [
        "failover", "progress_timeout", "media_handling", "delay", "timeout", "ignore_early_media",
        "sip_headers", "caller_id", "emergency_caller_id", "flags",
    ];

    private CallSettings(IReadOnlyDictionary<string, JsonNode> values) => Values = values;

    /// <summary>The resolved settings by name; a setting absent at every level is not in it.</summary>
    public IReadOnlyDictionary<string, JsonNode> Values { get; }

    public JsonNode? this[string name] => Values.TryGetValue(name, out var value) ? value : null;

    public static CallSettings Resolve(JsonObject? did, JsonObject? serverOptions, JsonObject? account)
    {
        var values = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var name in Cascading)
        {
            var value = name switch
            {
                "failover" => First(did, serverOptions, account, name, Failover),
                "caller_id" or "emergency_caller_id" => First(did, serverOptions, account, name, CallerId),
                _ => First(did, serverOptions, account, name, node => node),
            };
            if (value is not null) values[name] = value;
        }
        return new CallSettings(values);
    }

    private static JsonNode? First(JsonObject? did, JsonObject? serverOptions, JsonObject? account, string name, Func<JsonNode, JsonNode?> usable)
    {
        foreach (var level in (ReadOnlySpan<JsonObject?>)[did, serverOptions, account])
        {
            if (level is null || !level.TryGetPropertyValue(name, out var node) || node is null) continue;
            if (usable(node) is { } value) return value.DeepClone();
        }
        return null;
    }

    /// <summary>A failover names one destination: the number when there is one, else the SIP URI.</summary>
    private static JsonObject? Failover(JsonNode node)
    {
        if (node is not JsonObject failover) return null;
        if (DocumentShape.TryGetString(failover, "e164", out var e164) && e164.Length > 0) return new JsonObject { ["e164"] = e164 };
        if (DocumentShape.TryGetString(failover, "sip", out var sip) && sip.Length > 0) return new JsonObject { ["sip"] = sip };
        return null;
    }

    /// <summary>A caller id with neither a name nor a number says nothing, so the next level is asked.</summary>
    private static JsonNode? CallerId(JsonNode node) =>
        node is JsonObject callerId && (HasValue(callerId, "cid_name") || HasValue(callerId, "cid_number")) ? callerId : null;

    private static bool HasValue(JsonObject parent, string key) =>
        parent.TryGetPropertyValue(key, out var value) && value is not null && value.GetValueKind() != JsonValueKind.Null;
}
