using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;

namespace Connectivity.Api.Idempotency;

/// <summary>The answers the IETF draft gives a key that cannot run now.</summary>
public static class IdempotencyErrors
{
    /// <summary>409: the first request with this key has not finished yet.</summary>
    public static KazooException InProgress() =>
        new(StatusCodes.Status409Conflict, "idempotency_key_in_use", new JsonObject
        {
            ["message"] = "A request with this Idempotency-Key is still being processed; retry once it has finished",
        });

    /// <summary>422: the key was used with a different request (method, path, If-Match or body).</summary>
    public static KazooException Reused() =>
        new(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused", new JsonObject
        {
            ["message"] = "This Idempotency-Key was already used with a different request; use a new key for a new request",
        });
}
