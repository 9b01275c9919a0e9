using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Documents;

/// <summary>The <see cref="DocumentLimits"/> on a whole document: its size, and how many servers and DIDs it holds.</summary>
public static class DocumentSize
{
    // Documents built in code can nest deeper than the serializer's default limit of 64.
    private static readonly JsonSerializerOptions DeepDocuments = new() { MaxDepth = 1024 };

    public static ValidationErrors Check(JsonObject document, DocumentLimits limits)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(limits);
        var errors = new ValidationErrors();

        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, DeepDocuments).Length;
        if (bytes > limits.MaxDocumentBytes)
            errors.Add("", "maxLength", $"The document must not be more than {limits.MaxDocumentBytes} bytes of JSON",
                JsonValue.Create(limits.MaxDocumentBytes), JsonValue.Create(bytes));

        if (document["servers"] is JsonArray servers && servers.Count > limits.MaxServers)
            errors.Add("servers", "maxItems", $"The list is more than {limits.MaxServers} items",
                JsonValue.Create(limits.MaxServers), JsonValue.Create(servers.Count));

        var dids = 0;
        foreach (var (index, server) in DocumentShape.Servers(document))
        {
            dids += DocumentShape.Object(server, "DIDs")?.Count ?? 0;
            if (dids <= limits.MaxDids) continue;
            errors.Add($"servers.{index}.DIDs", "maxProperties", $"A document must not hold more than {limits.MaxDids} DIDs",
                JsonValue.Create(limits.MaxDids));
            break;
        }
        return errors;
    }
}
