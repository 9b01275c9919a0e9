using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Connectivity.Tests.Api;

/// <summary>What a Kazoo client does on the wire: the envelope in, the envelope out.</summary>
public sealed class KazooClient(HttpClient http, string? token)
{
    public HttpClient Http => http;

    public Task<KazooResponse> GetAsync(string path, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, path, null, configure);

    public Task<KazooResponse> PutAsync(string path, JsonNode? data, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Put, path, Envelope(data), configure);

    public Task<KazooResponse> PostAsync(string path, JsonNode? data, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, path, Envelope(data), configure);

    public Task<KazooResponse> PatchAsync(string path, JsonNode? data, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Patch, path, Envelope(data), configure);

    public Task<KazooResponse> DeleteAsync(string path, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Delete, path, null, configure);

    public async Task<KazooResponse> SendRawAsync(HttpMethod method, string path, string? body, string? contentType = "application/json",
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        if (token is not null) request.Headers.Add("X-Auth-Token", token);
        configure?.Invoke(request);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new KazooResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject, headers);
    }

    private Task<KazooResponse> SendAsync(HttpMethod method, string path, string? body, Action<HttpRequestMessage>? configure) =>
        SendRawAsync(method, path, body, configure: configure);

    private static string? Envelope(JsonNode? data) =>
        data is null ? null : new JsonObject { ["data"] = data.DeepClone() }.ToJsonString();

    public static string Collection(string accountId) => $"/v2/accounts/{accountId}/connectivity";

    public static string Document(string accountId, string id) => $"/v2/accounts/{accountId}/connectivity/{id}";
}

public sealed record KazooResponse(HttpStatusCode Status, JsonObject? Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonNode? Data => Body?["data"];
    public JsonObject DataObject => Data as JsonObject ?? throw new InvalidOperationException($"data is not an object: {Body}");
    public string? Revision => Body?["revision"]?.GetValue<string>();
    public string? Message => Body?["message"]?.GetValue<string>();
    public string Id => DataObject["id"]!.GetValue<string>();
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    public override string ToString() => $"{(int)Status} {Body?.ToJsonString()}";
}
