using System.Data.Common;
#if DEBUG
using Connectivity.LocalDatabase;
#endif
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Api.Storage;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Connectivity";

    /// <summary>
    /// The database named by <c>ConnectionStrings:Connectivity</c>; in Development without one, a private
    /// PostgreSQL started from the local binaries, its data kept under <c>.data/postgres</c>.
    /// </summary>
    public static async Task<WebApplicationBuilder> AddConnectivityDatabaseAsync(this WebApplicationBuilder builder)
    {
        await builder.UseLocalDatabaseInDevelopmentAsync();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrEmpty(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Connectivity (env ConnectionStrings__Connectivity) is not set; it is required outside Development " +
                "and in Release builds, which do not carry the local PostgreSQL launcher.");

        builder.Services.AddOptions<DatastoreOptions>().Bind(builder.Configuration.GetSection(DatastoreOptions.Section));
        builder.Services.AddSingleton(services =>
            new NpgsqlDataSourceBuilder(WithServiceDefaults(connectionString, services.GetRequiredService<IOptions<DatastoreOptions>>().Value)).Build());
        builder.Services.AddDbContextPool<ConnectivityDbContext>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()).UseSnakeCaseNamingConvention());
        builder.Services.AddSingleton<DatastoreResilience>();
        builder.Services.AddSingleton(services =>
            new LookupDatastore(connectionString, services.GetRequiredService<IOptions<DatastoreOptions>>()));
        if (builder.Configuration.GetValue("Connectivity:MigrateAtStartup", builder.Environment.IsDevelopment()))
            builder.Services.AddHostedService(_ => new MigrateAtStartup(connectionString));
        return builder;
    }

#if DEBUG
    /// <summary>
    /// In Development without <c>ConnectionStrings:Connectivity</c>: a private PostgreSQL kept in <c>.data/postgres</c>,
    /// stopped with the host. Only Debug builds carry the launcher (<c>Connectivity.LocalDatabase</c>).
    /// </summary>
    internal static async Task<IAsyncDisposable?> UseLocalDatabaseInDevelopmentAsync(this WebApplicationBuilder builder) =>
        await builder.UseLocalPostgresInDevelopmentAsync(ConnectionStringName, Path.Combine(DataDirectories.For(builder.Environment), "postgres"));
#else
    /// <summary>A Release build starts no database of its own: the connection string is required.</summary>
    internal static Task<IAsyncDisposable?> UseLocalDatabaseInDevelopmentAsync(this WebApplicationBuilder builder) =>
        Task.FromResult<IAsyncDisposable?>(null);
#endif

    /// <summary>
    /// Connect and server-side statement timeouts, unless the connection string sets its own: a request never waits on
    /// an unreachable host longer than it would wait for a query, and PostgreSQL stops a statement nobody waits for any more.
    /// And no reset of pooled connections, unless the connection string asks for one.
    /// </summary>
    internal static string WithServiceDefaults(string connectionString, DatastoreOptions datastore)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout") && !given.ContainsKey("Connect Timeout"))
            builder.Timeout = datastore.TimeoutSeconds;
        if (builder.Options?.Contains("statement_timeout", StringComparison.Ordinal) != true)
            builder.Options = $"{builder.Options} -c statement_timeout={datastore.TimeoutSeconds * 1000}".TrimStart();
        // Pooled connections carry no session state (settings are SET LOCAL, locks are the transaction's, LISTEN has
        // connections of its own), so the reset Npgsql would send on every return to the pool buys nothing. With
        // prepared statements on the connection it is seven statements, not DISCARD ALL: 0.7 ms of a 1,000-DID write.
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>Migrates over the connection string as given: a migration may run longer than a request's statement timeout.</summary>
    private sealed class MigrateAtStartup(string connectionString) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => ConnectivityDatabase.MigrateAsync(connectionString, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
