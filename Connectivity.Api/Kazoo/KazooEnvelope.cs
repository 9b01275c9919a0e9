using System.Reflection;
using System.Text.Json.Nodes;

namespace Connectivity.Api.Kazoo;

/// <summary>Builds the response envelope every Kazoo client parses: data, status, revision and request metadata.</summary>
public static class KazooEnvelope
{
    private static readonly string Version =
        typeof(KazooEnvelope).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static JsonObject Success(HttpContext context, JsonNode? data, string? revision = null)
    {
        var envelope = new JsonObject { ["data"] = data, ["status"] = "success" };
        if (revision is not null) envelope["revision"] = revision;
        AddMetadata(envelope, context);
        return envelope;
    }

    public static JsonObject Error(HttpContext context, int statusCode, string message, JsonNode? data)
    {
        var envelope = new JsonObject
        {
            ["data"] = data ?? new JsonObject(),
            ["error"] = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["message"] = message,
            ["status"] = "error",
        };
        AddMetadata(envelope, context);
        return envelope;
    }

    private static void AddMetadata(JsonObject envelope, HttpContext context)
    {
        envelope["request_id"] = context.TraceIdentifier;
        if (KazooAuthToken.Of(context) is { } token) envelope["auth_token"] = token;
        envelope["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        envelope["version"] = Version;
        envelope["node"] = Environment.MachineName;
    }
}
