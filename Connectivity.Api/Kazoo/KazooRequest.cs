using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Kazoo;

/// <summary>Reads the <c>{"data": {...}}</c> request envelope within the size, media-type and depth limits.</summary>
public static class KazooRequest
{
    public const int MaxJsonDepth = 64;

    public static async Task<JsonObject> ReadDataAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ConnectivityOptions>>().Value.MaxRequestBodyBytes;
        var request = context.Request;
        EnsureJsonContentType(request);
        if (request.ContentLength > limit) throw KazooException.PayloadTooLarge(limit);

        var body = await ReadBoundedAsync(request.Body, limit, context.RequestAborted);
        var envelope = Parse(body);
        return envelope["data"] switch
        {
            JsonObject data => data,
            null => throw KazooException.InvalidJson("The request envelope has no data object"),
            _ => throw KazooException.InvalidJson("The request envelope's data must be an object"),
        };
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

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, CancellationToken cancellationToken)
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

    private static JsonObject Parse(byte[] body)
    {
        if (body.Length == 0) throw KazooException.InvalidJson("The request body is empty");
        try
        {
            var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = MaxJsonDepth, AllowDuplicateProperties = false });
            return node as JsonObject ?? throw KazooException.InvalidJson("The request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw KazooException.InvalidJson(e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"JSON nested deeper than {MaxJsonDepth} levels"
                : $"The request body is not valid JSON: {e.Message}");
        }
    }
}
