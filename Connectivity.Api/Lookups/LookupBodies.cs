using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectivity.Api.Lookups;

/// <summary>
/// What a lookup reads of a stored document: everything but the other servers and the other numbers. A trunk with
/// 10,000 DIDs stores a 250 KB body; parsed whole into nodes on every call it would cost a millisecond and a megabyte
/// of garbage, while the call route needs the account, one server and one DID entry.
/// </summary>
internal static class LookupBodies
{
    /// <summary>
    /// The document with <c>servers[serverIndex]</c> in its place (the others null, so indexes hold) and that server's
    /// <c>DIDs</c> holding only <paramref name="number"/> (none when null).
    /// </summary>
    public static JsonObject ForServer(ReadOnlyMemory<byte> body, int serverIndex, string? number)
    {
        using var document = JsonDocument.Parse(body);
        var trimmed = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(trimmed))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("servers") && property.Value.ValueKind == JsonValueKind.Array)
                    WriteServers(writer, property.Value, serverIndex, number);
                else
                    property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return (JsonObject)JsonNode.Parse(trimmed.WrittenSpan)!;
    }

    private static void WriteServers(Utf8JsonWriter writer, JsonElement servers, int serverIndex, string? number)
    {
        writer.WriteStartArray("servers");
        var index = 0;
        foreach (var server in servers.EnumerateArray())
        {
            if (index++ != serverIndex || server.ValueKind != JsonValueKind.Object)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            foreach (var field in server.EnumerateObject())
            {
                if (!field.NameEquals("DIDs") || field.Value.ValueKind != JsonValueKind.Object)
                {
                    field.WriteTo(writer);
                    continue;
                }
                writer.WriteStartObject("DIDs");
                if (number is not null && field.Value.TryGetProperty(number, out var entry))
                {
                    writer.WritePropertyName(number);
                    entry.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
