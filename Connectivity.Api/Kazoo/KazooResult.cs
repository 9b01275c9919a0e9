using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;

namespace Connectivity.Api.Kazoo;

/// <summary>
/// A Kazoo envelope written with its status code and the ETag / Location headers Kazoo clients read; the request
/// metadata (id, token, timestamp) is added as it is written.
/// </summary>
public sealed class KazooResult(int statusCode, JsonObject envelope) : IResult
{
    // The body is JSON served as application/json, never embedded in HTML: '+' in E.164 numbers stays '+', not \u002B.
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int StatusCode => statusCode;
    public string? ETag { get; init; }
    public string? Location { get; init; }

    public static KazooResult Ok(JsonNode? data, string? revision = null) =>
        new(StatusCodes.Status200OK, KazooEnvelope.Success(data, revision)) { ETag = revision };

    public static KazooResult Created(JsonNode data, string location, string? revision = null) =>
        new(StatusCodes.Status201Created, KazooEnvelope.Success(data, revision)) { ETag = revision, Location = location };

    /// <summary>One page of a listing: the ids, with Kazoo's paging keys beside <c>data</c>.</summary>
    public static KazooResult Page(IReadOnlyList<string> ids, string? startKey, string? nextStartKey)
    {
        var envelope = KazooEnvelope.Success(new JsonArray([.. ids.Select(id => JsonValue.Create(id))]));
        envelope["page_size"] = ids.Count;
        if (startKey is not null) envelope["start_key"] = startKey;
        if (nextStartKey is not null) envelope["next_start_key"] = nextStartKey;
        return new(StatusCodes.Status200OK, envelope);
    }

    public static KazooResult Error(KazooException error) =>
        new(error.StatusCode, KazooEnvelope.Error(error.StatusCode, error.KazooMessage, error.Data));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (ETag is not null) response.Headers.ETag = RevisionHeaders.ToETag(ETag);
        if (Location is not null) response.Headers.Location = Location;
        response.ContentType = "application/json";
        await response.WriteAsync(Serialize(EnvelopeFor(httpContext)), httpContext.RequestAborted);
    }

    /// <summary>The envelope as written to <paramref name="httpContext"/>'s response, with the request's metadata.</summary>
    public JsonObject EnvelopeFor(HttpContext httpContext)
    {
        var clock = httpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        KazooEnvelope.AddMetadata(envelope, httpContext, clock.GetUtcNow());
        return envelope;
    }

    public static string Serialize(JsonObject envelope) => envelope.ToJsonString(Compact);
}
