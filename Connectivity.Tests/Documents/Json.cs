using System.Text.Json.Nodes;

namespace Connectivity.Tests.Documents;

internal static class Json
{
    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    public static void AssertEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"Expected {expected?.ToJsonString() ?? "null"} but was {actual?.ToJsonString() ?? "null"}");
}
