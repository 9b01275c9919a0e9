using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Api.Storage;

namespace Connectivity.Api.Documents;

/// <summary>A document as the API returns it: its public fields plus <c>id</c>, and its revision.</summary>
public sealed record StoredDocument(string Id, JsonObject Data, string Revision)
{
    public static StoredDocument From(DocumentRow row) => Of(row.Id, row.Body, row.Revision);

    /// <summary>A document just written from <paramref name="body"/>, which <paramref name="row"/> stores: not parsed back.</summary>
    public static StoredDocument Written(DocumentRow row, JsonObject body)
    {
        body["id"] = row.Id;
        return new StoredDocument(row.Id, body, row.Revision);
    }

    /// <summary>
    /// The fetched document's <c>data</c> copied from its stored JSON, <c>id</c> added, as <see cref="Of"/> answers it:
    /// the most frequent answer of the document API never builds the document as nodes, to serialise them again.
    /// </summary>
    public static void WriteData(Utf8JsonWriter writer, string id, byte[] body)
    {
        using var stored = JsonDocument.Parse(body);
        writer.WriteStartObject();
        foreach (var property in stored.RootElement.EnumerateObject())
        {
            if (!property.NameEquals("id")) property.WriteTo(writer);
        }
        writer.WriteString("id", id);
        writer.WriteEndObject();
    }

    /// <param name="body">Public fields as stored (jsonb text).</param>
    public static StoredDocument Of(string id, string body, string revision)
    {
        var data = (JsonObject)JsonNode.Parse(body)!;
        data["id"] = id;
        return new StoredDocument(id, data, revision);
    }
}

/// <summary>One write in a document's history: the revision it made, what it was, and when.</summary>
public sealed record RevisionEntry(int Number, string Hash, string Operation, DateTimeOffset WrittenAt)
{
    public string Revision => Domain.Documents.RevisionIds.Of(Number, Hash);
}
