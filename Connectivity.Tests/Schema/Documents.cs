using System.Text.Json.Nodes;
using Connectivity.Domain.Schema;

namespace Connectivity.Tests.Schema;

/// <summary>Runs a client document through what the API does with it: coerce, apply defaults, validate.</summary>
internal static class Documents
{
    public static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    public static JsonObject Prepare(string json)
    {
        var document = Parse(json);
        SchemaCoercion.Coerce(document);
        SchemaDefaults.Apply(document);
        return document;
    }

    public static JsonObject KazooErrors(string json) => SchemaValidator.Validate(Prepare(json)).ToKazoo();

    public static JsonObject ErrorAt(JsonObject errors, string path, string keyword) =>
        Assert.IsType<JsonObject>(errors[path]?[keyword]);

    public static void AssertValid(string json)
    {
        var errors = KazooErrors(json);
        Assert.True(errors.Count == 0, $"Expected no errors, got {errors.ToJsonString()}");
    }

    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}, got {actual?.ToJsonString()}");

    /// <summary>A document with one server that has <c>auth</c> and the given other keys.</summary>
    public static string WithServer(string serverMembers) =>
        """{"servers": [{"auth": {"auth_method": "password"}""" + (serverMembers.Length > 0 ? ", " + serverMembers : "") + "}]}";

    /// <summary>A document with one server that has one DID, +14158867900, with the given keys.</summary>
    public static string WithDid(string didMembers) =>
        WithServer("""  "DIDs": {"+14158867900": {""" + didMembers + "}}");
}
