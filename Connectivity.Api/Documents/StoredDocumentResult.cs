using System.Text.Encodings.Web;
using System.Text.Json;
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
        // The envelope as every answer has it, its data left out here and written from the stored JSON in its place.
        var envelope = KazooEnvelope.Success(null, revision);
        KazooEnvelope.AddMetadata(envelope, httpContext, clock.GetUtcNow());

        using var stored = JsonDocument.Parse(body);
        await using var writer = new Utf8JsonWriter(response.BodyWriter, Compact);
        writer.WriteStartObject();
        foreach (var (name, value) in envelope)
        {
            writer.WritePropertyName(name);
            if (name == "data") WriteData(writer, stored.RootElement);
            else if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>The stored document's fields, then its <c>id</c>, as <see cref="StoredDocument"/> answers it.</summary>
    private void WriteData(Utf8JsonWriter writer, JsonElement stored)
    {
        writer.WriteStartObject();
        foreach (var property in stored.EnumerateObject())
        {
            if (!property.NameEquals("id")) property.WriteTo(writer);
        }
        writer.WriteString("id", id);
        writer.WriteEndObject();
    }
}
