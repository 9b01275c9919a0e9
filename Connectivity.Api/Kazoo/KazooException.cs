using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;

namespace Connectivity.Api.Kazoo;

/// <summary>
/// A failure with a Kazoo status and message. Thrown from wherever the failure is found and turned into
/// an error envelope in one place (<see cref="KazooErrorHandler"/>).
/// </summary>
public sealed class KazooException(int statusCode, string kazooMessage, JsonNode? data = null)
    : Exception(kazooMessage)
{
    public int StatusCode { get; } = statusCode;
    public string KazooMessage { get; } = kazooMessage;
    public new JsonNode? Data { get; } = data;

    public static KazooException BadIdentifier(string id) =>
        new(StatusCodes.Status404NotFound, "bad_identifier", new JsonObject { ["cause"] = id, ["message"] = "bad identifier" });

    public static KazooException Validation(ValidationErrors errors) =>
        new(StatusCodes.Status400BadRequest, "validation error", errors.ToKazoo());

    public static KazooException InvalidJson(string reason) =>
        new(StatusCodes.Status400BadRequest, "invalid json",
            new JsonObject { ["json"] = new JsonObject { ["invalid"] = new JsonObject { ["message"] = reason, ["target"] = "body" } } });

    public static KazooException InvalidParameter(string name, string reason, string? value) =>
        new(StatusCodes.Status400BadRequest, "validation error",
            new JsonObject { [name] = new JsonObject { ["invalid"] = new JsonObject { ["message"] = reason, ["value"] = value } } });

    public static KazooException Conflict(JsonNode data) => new(StatusCodes.Status409Conflict, "datastore_conflict", data);

    public static KazooException PreconditionFailed(string currentRevision) =>
        new(StatusCodes.Status412PreconditionFailed, "precondition_failed",
            new JsonObject { ["message"] = "If-Match does not match the current revision", ["revision"] = currentRevision });

    public static KazooException PayloadTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
            new JsonObject { ["message"] = $"Request body must not be more than {limit} bytes", ["target"] = limit });

    public static KazooException UnsupportedMediaType(string contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
            new JsonObject { ["message"] = "Content-Type must be application/json", ["value"] = contentType });

    public static KazooException TooManyRequests(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, "too_many_requests",
            new JsonObject { ["message"] = $"Too many requests; retry after {retryAfterSeconds} s", ["retry_after"] = retryAfterSeconds });

    /// <summary><c>paginate=false</c> on a listing longer than the service answers in one response.</summary>
    public static KazooException ListingTooLarge(int ceiling) =>
        new(StatusCodes.Status400BadRequest, "validation error",
            new JsonObject
            {
                ["paginate"] = new JsonObject
                {
                    ["maximum"] = new JsonObject
                    {
                        ["message"] = $"More than {ceiling} documents match; page through them with page_size and start_key",
                        ["target"] = ceiling,
                        ["value"] = "false",
                    },
                },
            });

    public static KazooException Unauthorized(string reason = "invalid credentials") =>
        new(StatusCodes.Status401Unauthorized, "invalid_credentials", new JsonObject { ["message"] = reason });

    public static KazooException Forbidden() =>
        new(StatusCodes.Status403Forbidden, "forbidden", new JsonObject { ["message"] = "forbidden" });

    public static KazooException DatastoreUnreachable() =>
        new(StatusCodes.Status503ServiceUnavailable, "datastore_unreachable",
            new JsonObject { ["message"] = "The datastore is unreachable; retry later" });

    /// <summary>The database works, but this request ran past its time: its own size, a lock wait or a pool wait.</summary>
    public static KazooException DatastoreBusy() =>
        new(StatusCodes.Status503ServiceUnavailable, "datastore_timeout",
            new JsonObject { ["message"] = "The request ran past the datastore timeout (its size, or a wait on a lock); retry" });
}
