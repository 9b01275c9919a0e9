using Connectivity.Api.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Kazoo;

/// <summary>The one place failures become Kazoo error envelopes.</summary>
public sealed class KazooErrorHandler(ILogger<KazooErrorHandler> logger, IOptions<DatastoreOptions> datastore) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested) return true;

        var fault = DatastoreFaults.Classify(exception);
        var error = exception switch
        {
            KazooException kazoo => kazoo,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => KazooException.PayloadTooLarge(
                httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BadHttpRequestException bad => new KazooException(bad.StatusCode, "bad_request"),
            _ => fault switch
            {
                DatastoreFault.Unreachable => KazooException.DatastoreUnreachable(),
                DatastoreFault.Busy => KazooException.DatastoreBusy(),
                _ => null,
            },
        };

        if (error is null)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            error = new KazooException(StatusCodes.Status500InternalServerError, "internal_server_error");
        }
        else if (fault != DatastoreFault.None)
        {
            logger.LogWarning("Datastore {Fault}: {Reason}", error.Message, exception.GetBaseException().Message);
            // Unreachable: by then the circuit breaker lets a request through to find out whether the database is back.
            // Busy: the database is fine; only this request ran out of time.
            var retryAfter = fault == DatastoreFault.Busy ? 1 : datastore.Value.BreakSeconds;
            httpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await KazooResult.Error(error).ExecuteAsync(httpContext);
        return true;
    }
}
