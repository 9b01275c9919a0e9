using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Domain.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Kazoo;

/// <summary>
/// Reads the <c>{"data": {...}}</c> request envelope within the size, media-type and depth limits, and refuses
/// data holding values no document may hold (<see cref="ValueLimits"/>) before anything reads it as a document.
/// </summary>
public sealed class KazooRequest(IOptions<ConnectivityOptions> options, IOptions<DocumentLimits> documentLimits)
{
    private const int MaxJsonDepth = 64;

    // A key given twice is refused. That check reads every key as text, so it runs once ValueLimits has vouched for the keys.
    private static readonly JsonDocumentOptions Lenient = new() { MaxDepth = MaxJsonDepth };
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = MaxJsonDepth, AllowDuplicateProperties = false };

    public async Task<JsonObject> ReadDataAsync(HttpRequest request, CancellationToken cancellationToken) =>
        (JsonObject)await ReadDataAsync(request, JsonValueKind.Object, cancellationToken);

    /// <summary>The envelope of a request whose <c>data</c> is an array (a batch), read and checked as <see cref="ReadDataAsync(HttpRequest, CancellationToken)"/>.</summary>
    public async Task<JsonArray> ReadDataArrayAsync(HttpRequest request, CancellationToken cancellationToken) =>
        (JsonArray)await ReadDataAsync(request, JsonValueKind.Array, cancellationToken);

    private async Task<JsonNode> ReadDataAsync(HttpRequest request, JsonValueKind kind, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        EnsureJsonContentType(request);
        if (request.ContentLength > limit) throw KazooException.PayloadTooLarge(limit);

        var body = await ReadBoundedAsync(request.Body, limit, cancellationToken);
        using (var envelope = Parse(body, Lenient))
        {
            var errors = ValueLimits.Check(DataOf(envelope, kind), documentLimits.Value);
            if (!errors.IsEmpty) throw KazooException.Validation(errors);
        }
        using var checkedEnvelope = Parse(body, Strict);
        var data = DataOf(checkedEnvelope, kind).Clone();
        return kind == JsonValueKind.Array ? JsonArray.Create(data)! : JsonObject.Create(data)!;
    }

    private static JsonElement DataOf(JsonDocument envelope, JsonValueKind kind)
    {
        var what = kind == JsonValueKind.Array ? "an array" : "an object";
        foreach (var member in envelope.RootElement.EnumerateObject())
        {
            if (!IsData(member)) continue;
            return member.Value.ValueKind == kind
                ? member.Value
                : throw KazooException.InvalidJson($"The request envelope's data must be {what}");
        }
        throw KazooException.InvalidJson(kind == JsonValueKind.Array ? "The request envelope has no data array" : "The request envelope has no data object");
    }

    private static void EnsureJsonContentType(HttpRequest request)
    {
        // Kazoo reads a body without Content-Type as JSON, and so a form-encoded one: that is what `curl -d`,
        // as written throughout Kazoo's own documentation, sends.
        if (string.IsNullOrEmpty(request.ContentType)) return;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)) throw KazooException.UnsupportedMediaType(request.ContentType);
        var type = mediaType.MediaType.Value ?? "";
        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
            type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)) return;
        throw KazooException.UnsupportedMediaType(request.ContentType);
    }

    /// <summary>The whole body, or a 413 as soon as it runs past <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) throw KazooException.PayloadTooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsData(JsonProperty member)
    {
        try
        {
            return member.NameEquals("data");
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonDocument Parse(byte[] body, JsonDocumentOptions options)
    {
        if (body.Length == 0) throw KazooException.InvalidJson("The request body is empty");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, options);
        }
        catch (JsonException e)
        {
            throw KazooException.InvalidJson(e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"JSON nested deeper than {MaxJsonDepth} levels"
                : $"The request body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // Only the duplicate-key check reads keys while parsing: a key of the envelope outside data is not text.
            throw KazooException.InvalidJson("The request envelope has a key that is not valid Unicode text");
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
        document.Dispose();
        throw KazooException.InvalidJson("The request body must be a JSON object");
    }
}
