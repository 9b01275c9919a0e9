using Connectivity.Api.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Api.Kazoo;

/// <summary>The one place failures become Kazoo error envelopes.</summary>
public sealed class KazooErrorHandler(ILogger<KazooErrorHandler> logger, IOptions<DatastoreOptions> datastore) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested) return true;

        var error = exception switch
        {
            KazooException kazoo => kazoo,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => KazooException.PayloadTooLarge(
                httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BadHttpRequestException bad => new KazooException(bad.StatusCode, "bad_request"),
            _ when DatastoreFaults.IsUnreachable(exception) => KazooException.DatastoreUnreachable(),
            _ => null,
        };

        if (error is null)
        {
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            error = new KazooException(StatusCodes.Status500InternalServerError, "internal_server_error");
        }
        else if (error.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Datastore unreachable: {Reason}", exception.GetBaseException().Message);
            // By then the circuit breaker lets a request through to find out whether the database is back.
            httpContext.Response.Headers.RetryAfter = datastore.Value.BreakSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await KazooResult.Error(httpContext, error).ExecuteAsync(httpContext);
        return true;
    }
}

/// <summary>Which exceptions mean "the database cannot be used right now" (a retryable 503), not a bug.</summary>
public static class DatastoreFaults
{
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException } => true,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "57014" } => true,
        TimeoutException => true,
        Polly.CircuitBreaker.BrokenCircuitException => true,
        Polly.Timeout.TimeoutRejectedException => true,
        InvalidOperationException { InnerException: { } inner } => IsUnreachable(inner),
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } => IsUnreachable(inner),
        _ => false,
    };
}
