using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Connectivity.Api.Storage;

/// <summary>Bounds on how long the service waits for PostgreSQL (section <c>Connectivity:Datastore</c>).</summary>
public sealed class DatastoreOptions
{
    public const string Section = "Connectivity:Datastore";

    /// <summary>Longest a request waits for one read (retries included) or one write before it gets a 503.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>How long the circuit stays open, answering 503 at once, before one request probes the database again.</summary>
    public int BreakSeconds { get; set; } = 5;

    /// <summary>Connections reserved for the call-time lookups, apart from the API's pool.</summary>
    public int LookupPoolSize { get; set; } = 16;

    /// <summary>
    /// Run the write path's statements (a write's checks, rows and records) as prepared statements, planned once per
    /// connection. Off behind a pooler that does not keep prepared statements (PgBouncer in transaction mode
    /// before 1.21, or with <c>max_prepared_statements = 0</c>).
    /// </summary>
    public bool PrepareStatements { get; set; } = true;
}

/// <summary>
/// How every database call of a request is run. Reads are retried briefly on transient faults; writes never are,
/// because a write whose connection broke may already be committed. Both share one circuit breaker: after repeated
/// datastore faults it fails requests at once (503 <c>datastore_unreachable</c>) instead of letting them queue for
/// connections, then lets one request through to find out whether the database is back.
/// Only <see cref="DatastoreFault.Unreachable"/> faults count toward the breaker: a request that runs past the timeout
/// by its own size or waits on a lock fails alone (503 <c>datastore_timeout</c>) and never stops other tenants' requests.
/// </summary>
/// <remarks>EF Core's own retrying execution strategy stays off: retries happen here, in one layer.</remarks>
public sealed class DatastoreResilience
{
    private readonly ResiliencePipeline _read;
    private readonly ResiliencePipeline _write;

    public DatastoreResilience(IOptions<DatastoreOptions> options, NpgsqlDataSource dataSource)
    {
        var settings = options.Value;
        var breaker = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(DatastoreFaults.IsUnreachable),
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(settings.BreakSeconds),
                // Idle pooled connections to a server that went away are dead; the probe after the break needs a fresh one.
                OnOpened = _ =>
                {
                    dataSource.Clear();
                    return default;
                },
            })
            .Build();
        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);

        _read = new ResiliencePipelineBuilder()
            .AddPipeline(breaker)
            .AddTimeout(timeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(DatastoreFaults.IsUnreachable),
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(50),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
        _write = new ResiliencePipelineBuilder()
            .AddPipeline(breaker)
            .AddTimeout(timeout)
            .Build();
    }

    /// <summary>Runs an idempotent read; <paramref name="read"/> must use the token it is given.</summary>
    public async Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        await _read.ExecuteAsync(async token => await read(token), cancellationToken);

    /// <summary>Runs a write exactly once; <paramref name="write"/> must use the token it is given.</summary>
    public async Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        await _write.ExecuteAsync(async token => await write(token), cancellationToken);
}
