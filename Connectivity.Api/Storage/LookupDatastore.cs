using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Api.Storage;

/// <summary>
/// The call-time lookups' own connection pool and resilience pipeline. Call routers must keep getting answers while
/// an account writes heavily: API requests cannot take the lookups' connections, and whatever they run into never
/// opens the lookups' circuit breaker.
/// </summary>
public sealed class LookupDatastore : IAsyncDisposable
{
    public LookupDatastore(string connectionString, IOptions<DatastoreOptions> options)
    {
        var pooled = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithServiceDefaults(connectionString, options.Value))
        {
            MaxPoolSize = options.Value.LookupPoolSize,
            ApplicationName = "connectivity-lookups",
        };
        DataSource = new NpgsqlDataSourceBuilder(pooled.ConnectionString).Build();
        _connectionString = pooled.ConnectionString;
        Resilience = new DatastoreResilience(options, DataSource);
    }

    private readonly string _connectionString;

    public NpgsqlDataSource DataSource { get; }

    /// <summary>A connection outside the pool, named <paramref name="applicationName"/>, for a long-lived listener.</summary>
    public async Task<NpgsqlConnection> OpenDedicatedAsync(string applicationName, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { ApplicationName = applicationName, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public DatastoreResilience Resilience { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
