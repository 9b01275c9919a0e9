using Connectivity.Api.Kazoo;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// Runs a write route's requests that carry an <c>Idempotency-Key</c>: claims the key (or replays what it completed,
/// or refuses it), runs the handler, answers the response its transaction stored, and releases the claim when the
/// request failed or wrote nothing. A request without the header goes straight to the handler.
/// </summary>
internal sealed class IdempotencyFilter(RunningClaims running, IOptions<ConnectivityOptions> connectivity) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = IdempotencyKeys.Of(http.Request);
        if (key is null) return await next(context);

        var accountId = http.GetRouteValue("accountId") as string
                        ?? throw new InvalidOperationException("Idempotent routes are under /v2/accounts/{accountId}.");
        var body = await KazooRequest.ReadBoundedAsync(http.Request.Body, connectivity.Value.MaxRequestBodyBytes, http.RequestAborted);
        http.Request.Body = new MemoryStream(body, writable: false);
        var fingerprint = RequestFingerprint.Of(http.Request, body);

        var records = http.RequestServices.GetRequiredService<IdempotencyRecords>();
        var claim = running.Start();
        try
        {
            if (await records.AdmitAsync(accountId, key, fingerprint, claim, http.RequestAborted) is { } done)
                return StoredResponse.Replay(done);

            var request = http.RequestServices.GetRequiredService<IdempotentRequest>();
            request.Begin(http, accountId, key, claim);
            object? result;
            try
            {
                result = await next(context);
            }
            catch
            {
                await records.ReleaseAsync(accountId, key, claim);
                throw;
            }
            if (request.Completed is { } completed) return completed;
            await records.ReleaseAsync(accountId, key, claim);
            return result;
        }
        finally
        {
            running.End(claim);
        }
    }
}
