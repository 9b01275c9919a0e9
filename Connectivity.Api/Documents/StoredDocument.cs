using System.Text.Json.Nodes;
using Connectivity.Api.Storage;

namespace Connectivity.Api.Documents;

/// <summary>A document as the API returns it: its public fields plus <c>id</c>, and its revision.</summary>
public sealed record StoredDocument(string Id, JsonObject Data, string Revision)
{
    public static StoredDocument From(DocumentRow row)
    {
        var data = (JsonObject)JsonNode.Parse(row.Body)!;
        data["id"] = row.Id;
        return new StoredDocument(row.Id, data, row.Revision);
    }
}
