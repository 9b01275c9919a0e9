using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectivity.Tests.Documents;

internal static class Json
{
    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The stored form of <paramref name="node"/>, as call-time code reads a document.</summary>
    public static JsonElement? Element(JsonNode? node) => node is null ? null : JsonSerializer.SerializeToElement(node);

    public static void AssertEqual(JsonNode? expected, JsonElement? actual) =>
        AssertEqual(expected, actual is { } element ? JsonSerializer.SerializeToNode(element) : null);

    public static void AssertEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"Expected {expected?.ToJsonString() ?? "null"} but was {actual?.ToJsonString() ?? "null"}");
}
