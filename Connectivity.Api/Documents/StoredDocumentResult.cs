using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;

namespace Connectivity.Api.Documents;

/// <summary>
/// A fetched document in Kazoo's envelope, its stored JSON copied through with <c>id</c> added: the most frequent
/// answer of the document API never builds the document as nodes, to serialise them again.
/// </summary>
public sealed class StoredDocumentResult(string id, byte[] body, string revision) : IResult
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ETag = RevisionHeaders.ToETag(revision);
        response.ContentType = "application/json";
        var clock = httpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var envelope = new JsonObject { ["status"] = "success", ["revision"] = revision };
        KazooEnvelope.AddMetadata(envelope, httpContext, clock.GetUtcNow());

        using var stored = JsonDocument.Parse(body);
        await using var writer = new Utf8JsonWriter(response.BodyWriter, Compact);
        writer.WriteStartObject();
        writer.WriteStartObject("data");
        foreach (var property in stored.RootElement.EnumerateObject())
        {
            if (!property.NameEquals("id")) property.WriteTo(writer);
        }
        writer.WriteString("id", id);
        writer.WriteEndObject();
        foreach (var (name, value) in envelope)
        {
            writer.WritePropertyName(name);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
