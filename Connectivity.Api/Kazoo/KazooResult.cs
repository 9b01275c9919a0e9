using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;

namespace Connectivity.Api.Kazoo;

/// <summary>A Kazoo envelope written with its status code and the ETag / Location headers Kazoo clients read.</summary>
public sealed class KazooResult(int statusCode, JsonObject envelope) : IResult
{
    // The body is JSON served as application/json, never embedded in HTML: '+' in E.164 numbers stays '+', not \u002B.
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int StatusCode => statusCode;
    public JsonObject Envelope => envelope;
    public string? ETag { get; init; }
    public string? Location { get; init; }

    public static KazooResult Ok(HttpContext context, JsonNode? data, string? revision = null) =>
        new(StatusCodes.Status200OK, KazooEnvelope.Success(context, data, revision)) { ETag = revision };

    public static KazooResult Created(HttpContext context, JsonNode data, string revision, string location) =>
        new(StatusCodes.Status201Created, KazooEnvelope.Success(context, data, revision)) { ETag = revision, Location = location };

    public static KazooResult Error(HttpContext context, KazooException error) =>
        new(error.StatusCode, KazooEnvelope.Error(context, error.StatusCode, error.KazooMessage, error.Data));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (ETag is not null) response.Headers.ETag = RevisionHeaders.ToETag(ETag);
        if (Location is not null) response.Headers.Location = Location;
        response.ContentType = "application/json";
        await response.WriteAsync(envelope.ToJsonString(Compact), httpContext.RequestAborted);
    }
}
