using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// A completed write's response as stored with it: status, envelope, <c>ETag</c> and <c>Location</c>. The first answer
/// and every replay send the same envelope (its <c>request_id</c> and <c>timestamp</c> those of the first request);
/// only <c>auth_token</c> is the asking request's own, because a token is not kept in the database.
/// </summary>
public sealed class StoredResponse(int statusCode, string body, string? eTag, string? location, bool replayed = false) : IResult
{
    public int StatusCode => statusCode;
    /// <summary>The envelope, without <c>auth_token</c>.</summary>
    public string Body => body;
    /// <summary>The <c>ETag</c> header value as sent (quoted).</summary>
    public string? ETag => eTag;
    public string? Location => location;

    /// <summary>What <paramref name="result"/> would send to <paramref name="httpContext"/>, ready to store.</summary>
    public static StoredResponse Of(KazooResult result, HttpContext httpContext)
    {
        var envelope = result.EnvelopeFor(httpContext);
        envelope.Remove("auth_token");
        return new(result.StatusCode, KazooResult.Serialize(envelope), result.ETag is { } revision ? RevisionHeaders.ToETag(revision) : null, result.Location);
    }

    /// <summary>The stored response of <paramref name="record"/>, marked <c>Idempotent-Replayed: true</c>.</summary>
    public static StoredResponse Replay(IdempotencyRecordRow record) =>
        new(record.StatusCode ?? StatusCodes.Status200OK, record.Body ?? "{}", record.ETag, record.Location, replayed: true);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (eTag is not null) response.Headers.ETag = eTag;
        if (location is not null) response.Headers.Location = location;
        if (replayed) response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        response.ContentType = "application/json";

        var envelope = JsonNode.Parse(body)!.AsObject();
        if (KazooAuthToken.Of(httpContext) is { } token)
            envelope.Insert(Math.Max(0, envelope.IndexOf("request_id") + 1), "auth_token", token);
        await response.WriteAsync(KazooResult.Serialize(envelope), httpContext.RequestAborted);
    }
}
