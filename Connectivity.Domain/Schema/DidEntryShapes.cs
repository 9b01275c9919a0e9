using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectivity.Domain.Schema;

/// <summary>
/// The instance the schema validator evaluates, with each server's DID entries reduced to one per distinct shape.
/// A document's DIDs are thousands of entries, nearly all <c>{}</c> or the same small object; the schema judges an
/// entry by its value and by the <c>patternProperties</c> its key matches, and the <c>DIDs</c> object itself by its
/// type alone, so one entry stands for every entry with the same JSON text and the same matching patterns.
/// </summary>
internal sealed class DidEntryShapes
{
    private static readonly JsonDocumentOptions DeepDocuments = new() { MaxDepth = 1024 };

    // Keywords the DIDs object's own schema may use for the reduction to leave its verdict unchanged: none of them counts or names keys.
    private static readonly HashSet<string> KeyBlindKeywords = ["type", "patternProperties", "description", "title"];

    private readonly Dictionary<(int Server, string Key), List<(int Position, string Key)>> _members = [];

    private DidEntryShapes(JsonElement instance) => Instance = instance;

    /// <summary>What to evaluate: the document, with only the representative entry of each shape in each <c>DIDs</c> object.</summary>
    public JsonElement Instance { get; }

    public static DidEntryShapes Of(JsonNode? document, JsonObject schemaJson)
    {
        var didsSchema = DidsSchema(schemaJson);
        var buffer = new ArrayBufferWriter<byte>();
        var groups = new Dictionary<(int Server, string Key), List<(int Position, string Key)>>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, MaxDepth = 1024 }))
        {
            if (didsSchema is not null && document is JsonObject root && root["servers"] is JsonArray)
                WriteDocument(writer, root, didsSchema, groups);
            else if (document is null)
                writer.WriteNullValue();
            else
                document.WriteTo(writer);
        }
        using var parsed = JsonDocument.Parse(buffer.WrittenMemory, DeepDocuments);
        var shapes = new DidEntryShapes(parsed.RootElement.Clone());
        foreach (var (representative, members) in groups) shapes._members[representative] = members;
        return shapes;
    }

    /// <summary>
    /// The instance paths an error found at <paramref name="path"/> stands for, with each one's position among the
    /// document's DID entries, counted across servers (null outside a DID entry, where the path stands for itself alone).
    /// </summary>
    public IEnumerable<(InstancePath Path, int? Position)> Expand(InstancePath path)
    {
        var segments = path.Segments;
        if (segments.Count < 4 || segments[0] != "servers" || segments[2] != "DIDs" || !int.TryParse(segments[1], out var server)
            || !_members.TryGetValue((server, segments[3]), out var members))
        {
            yield return (path, null);
            yield break;
        }
        foreach (var (position, key) in members)
        {
            var memberSegments = segments.ToArray();
            memberSegments[3] = key;
            yield return (new InstancePath(memberSegments), position);
        }
    }

    private static JsonObject? DidsSchema(JsonObject schemaJson)
    {
        var didsSchema = SchemaWalk.ForProperty(schemaJson, "servers")
            .Select(SchemaWalk.ForItems).OfType<JsonObject>()
            .SelectMany(server => SchemaWalk.ForProperty(server, "DIDs")).ToList();
        return didsSchema is [{ } only] && only.All(keyword => KeyBlindKeywords.Contains(keyword.Key)) ? only : null;
    }

    private static void WriteDocument(Utf8JsonWriter writer, JsonObject root, JsonObject didsSchema,
        Dictionary<(int Server, string Key), List<(int Position, string Key)>> groups)
    {
        var position = 0;
        writer.WriteStartObject();
        foreach (var (name, value) in root)
        {
            writer.WritePropertyName(name);
            if (name != "servers" || value is not JsonArray servers)
            {
                WriteValue(writer, value);
                continue;
            }
            writer.WriteStartArray();
            for (var index = 0; index < servers.Count; index++)
            {
                if (servers[index] is not JsonObject server)
                {
                    WriteValue(writer, servers[index]);
                    continue;
                }
                writer.WriteStartObject();
                foreach (var (field, fieldValue) in server)
                {
                    writer.WritePropertyName(field);
                    if (field == "DIDs" && fieldValue is JsonObject dids) WriteRepresentatives(writer, index, dids, didsSchema, groups, ref position);
                    else WriteValue(writer, fieldValue);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteRepresentatives(Utf8JsonWriter writer, int server, JsonObject dids, JsonObject didsSchema,
        Dictionary<(int Server, string Key), List<(int Position, string Key)>> groups, ref int position)
    {
        var patterns = SchemaWalk.PatternProperties(didsSchema);
        var representatives = new Dictionary<(string Shape, string Patterns), string>();
        // Entries nearly always repeat the previous one's shape: each is written to a reused buffer and compared with
        // the previous one's bytes, and only a different one is turned into a string and looked up.
        var shape = new ArrayBufferWriter<byte>();
        using var shapeWriter = new Utf8JsonWriter(shape, new JsonWriterOptions { SkipValidation = true, MaxDepth = 1024 });
        var matching = new char[patterns.Count];
        (byte[] Shape, char[] Matching, string Representative)? previous = null;

        writer.WriteStartObject();
        foreach (var (key, value) in dids)
        {
            shape.ResetWrittenCount();
            shapeWriter.Reset();
            WriteValue(shapeWriter, value);
            shapeWriter.Flush();
            for (var i = 0; i < patterns.Count; i++) matching[i] = patterns[i].Regex?.IsMatch(key) == true ? '1' : '0';

            string representative;
            if (previous is { } last && shape.WrittenSpan.SequenceEqual(last.Shape) && matching.AsSpan().SequenceEqual(last.Matching))
                representative = last.Representative;
            else
            {
                var shapeKey = (Encoding.UTF8.GetString(shape.WrittenSpan), new string(matching));
                if (!representatives.TryGetValue(shapeKey, out representative!))
                {
                    representatives[shapeKey] = representative = key;
                    groups[(server, key)] = [];
                    writer.WritePropertyName(key);
                    WriteValue(writer, value);
                }
                previous = (shape.WrittenSpan.ToArray(), (char[])matching.Clone(), representative);
            }
            groups[(server, representative)].Add((position++, key));
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer);
    }
}
