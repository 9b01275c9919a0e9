using System.Reflection;
using System.Text.Json.Nodes;

namespace Connectivity.Api.Kazoo;

/// <summary>Builds the response envelope every Kazoo client parses: data, status, revision and request metadata.</summary>
public static class KazooEnvelope
{
    private static readonly string Version =
        typeof(KazooEnvelope).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    // Environment.MachineName asks the kernel on every read; a container's host name does not change while it runs.
    private static readonly string Node = Environment.MachineName;

    public static JsonObject Success(JsonNode? data, string? revision = null)
    {
        var envelope = new JsonObject { ["data"] = data, ["status"] = "success" };
        if (revision is not null) envelope["revision"] = revision;
        return envelope;
    }

    public static JsonObject Error(int statusCode, string message, JsonNode? data)
    {
        var envelope = new JsonObject
        {
            ["data"] = data ?? new JsonObject(),
            ["error"] = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["message"] = message,
            ["status"] = "error",
        };
        return envelope;
    }

    /// <summary>What every response carries about the request that asked: its id, its token, when and where it was answered.</summary>
    public static void AddMetadata(JsonObject envelope, HttpContext context, DateTimeOffset now)
    {
        envelope["request_id"] = context.TraceIdentifier;
        if (KazooAuthToken.Of(context) is { } token) envelope["auth_token"] = token;
        envelope["timestamp"] = KazooTime.Iso(now);
        envelope["version"] = Version;
        envelope["node"] = Node;
    }
}
