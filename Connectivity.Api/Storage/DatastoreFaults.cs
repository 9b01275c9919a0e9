using Npgsql;

namespace Connectivity.Api.Storage;

/// <summary>What a failure says about the database, as opposed to a bug.</summary>
public enum DatastoreFault
{
    /// <summary>Not a datastore condition.</summary>
    None,

    /// <summary>The database cannot be used: connection refused or broken, server shutting down, circuit open.</summary>
    Unreachable,

    /// <summary>
    /// The database works but this request ran out of time: its statement was cancelled, it waited on a lock or for a
    /// pooled connection. Such a failure belongs to the request, so it never counts toward the circuit breaker.
    /// </summary>
    Busy,
}

/// <summary>Sorts exceptions into <see cref="DatastoreFault"/>s; both kinds answer 503, only one opens the breaker.</summary>
public static class DatastoreFaults
{
    public static bool IsUnreachable(Exception exception) => Classify(exception) == DatastoreFault.Unreachable;

    public static DatastoreFault Classify(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState switch
        {
            // statement timeout, lock timeout, deadlock, serialization failure: this transaction's own trouble
            "57014" or "55P03" or "40P01" or "40001" => DatastoreFault.Busy,
            // shutting down, crashed, starting up; connection failures; out of connections, memory or disk
            "57P01" or "57P02" or "57P03" => DatastoreFault.Unreachable,
            var state when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) =>
                DatastoreFault.Unreachable,
            _ => DatastoreFault.None,
        },
        // Npgsql raises this without an inner exception when no pooled connection freed up in time.
        NpgsqlException { InnerException: null } pool when pool.Message.Contains("pool has been exhausted", StringComparison.Ordinal) =>
            DatastoreFault.Busy,
        NpgsqlException { IsTransient: true } => DatastoreFault.Unreachable,
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException } => DatastoreFault.Unreachable,
        Polly.Timeout.TimeoutRejectedException => DatastoreFault.Busy,
        Polly.CircuitBreaker.BrokenCircuitException => DatastoreFault.Unreachable,
        TimeoutException => DatastoreFault.Unreachable,
        InvalidOperationException { InnerException: { } inner } => Classify(inner),
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } => Classify(inner),
        _ => DatastoreFault.None,
    };
}
