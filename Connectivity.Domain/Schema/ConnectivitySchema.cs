using System.Text.Json.Nodes;
using Json.Schema;

namespace Connectivity.Domain.Schema;

/// <summary>The connectivity schema generated from the spec, embedded in this assembly and built once per process.</summary>
public static class ConnectivitySchema
{
    private const string ResourceName = "connectivity.schema.json";

    private static readonly Lazy<string> EmbeddedText = new(ReadEmbeddedText);
    private static readonly Lazy<JsonObject> ParsedJson = new(() => (JsonObject)JsonNode.Parse(EmbeddedText.Value)!);
    private static readonly Lazy<JsonSchema> BuiltSchema = new(() => Build(EmbeddedText.Value));

    /// <summary>The schema as JSON. Shared: callers must not modify it.</summary>
    public static JsonObject Json => ParsedJson.Value;

    public static JsonSchema Schema => BuiltSchema.Value;

    /// <summary>
    /// Builds against a private registry: JsonSchema.Net refuses to register the same <c>$id</c> twice
    /// in its global registry, which would break any second build in the same process.
    /// </summary>
    internal static JsonSchema Build(string schemaText) =>
        JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static string ReadEmbeddedText()
    {
        using var stream = typeof(ConnectivitySchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from {typeof(ConnectivitySchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
