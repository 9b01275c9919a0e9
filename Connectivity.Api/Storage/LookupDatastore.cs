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
        var pooled = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithTimeouts(connectionString, options.Value))
        {
            MaxPoolSize = options.Value.LookupPoolSize,
            ApplicationName = "connectivity-lookups",
        };
        DataSource = new NpgsqlDataSourceBuilder(pooled.ConnectionString).Build();
        Resilience = new DatastoreResilience(options, DataSource);
    }

    public NpgsqlDataSource DataSource { get; }

    public DatastoreResilience Resilience { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
