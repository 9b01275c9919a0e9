using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectivity.Api.Kazoo;

/// <summary>
/// A Kazoo envelope written with its status code and the ETag / Location headers Kazoo clients read; the request
/// metadata (id, token, timestamp) is added as it is written.
/// </summary>
public sealed class KazooResult : IResult
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JsonScratch.Encoder };

    private readonly JsonObject _envelope;
    private Action<Utf8JsonWriter>? _writeData;

    public KazooResult(int statusCode, JsonObject envelope)
    {
        StatusCode = statusCode;
        _envelope = envelope;
    }

    public int StatusCode { get; }
    public string? ETag { get; init; }
    public string? Location { get; init; }

    public static KazooResult Ok(JsonNode? data, string? revision = null) =>
        new(StatusCodes.Status200OK, KazooEnvelope.Success(data, revision)) { ETag = revision };

    /// <summary>
    /// A 200 whose <c>data</c> is written straight from what the answer reads (a stored document), with no nodes built:
    /// <paramref name="writeData"/> writes one JSON value, and is called once.
    /// </summary>
    public static KazooResult Ok(Action<Utf8JsonWriter> writeData, string? revision = null) =>
        new(StatusCodes.Status200OK, KazooEnvelope.Success(null, revision)) { ETag = revision, _writeData = writeData };

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
        response.StatusCode = StatusCode;
        if (ETag is not null) response.Headers.ETag = RevisionHeaders.ToETag(ETag);
        if (Location is not null) response.Headers.Location = Location;
        response.ContentType = "application/json";

        AddMetadata(httpContext);
        JsonScratch.Write(this, static (writer, result) => result.WriteEnvelope(writer), written =>
        {
            response.ContentLength = written.Length;
            response.BodyWriter.Write(written);
            return written.Length;
        });
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    private void WriteEnvelope(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in _envelope)
        {
            writer.WritePropertyName(name);
            if (name == "data" && _writeData is { } writeData) writeData(writer);
            else if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer, Compact);
        }
        writer.WriteEndObject();
    }

    /// <summary>The envelope as written to <paramref name="httpContext"/>'s response, with the request's metadata.</summary>
    public JsonObject EnvelopeFor(HttpContext httpContext)
    {
        AddMetadata(httpContext);
        if (_writeData is { } writeData)
        {
            _envelope["data"] = JsonScratch.Write(writeData, static (writer, write) => write(writer), static written => JsonNode.Parse(written));
            _writeData = null;
        }
        return _envelope;
    }

    private void AddMetadata(HttpContext httpContext)
    {
        var clock = httpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        KazooEnvelope.AddMetadata(_envelope, httpContext, clock.GetUtcNow());
    }

    public static string Serialize(JsonObject envelope) => envelope.ToJsonString(Compact);
}
