namespace Connectivity.Api.Storage;

/// <summary>The service's development default: its own PostgreSQL when no server is configured.</summary>
public static class LocalPostgresHosting
{
    /// <summary>
    /// In Development, when <c>ConnectionStrings:Connectivity</c> is not set, starts (or resumes) a cluster kept in
    /// <c>.data/postgres</c> under the content root, points the connection string at it and stops it when the host stops.
    /// Elsewhere, or with a configured server, does nothing and returns null.
    /// </summary>
    public static async Task<LocalPostgres?> UseLocalPostgresInDevelopmentAsync(this WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        if (!builder.Environment.IsDevelopment() ||
            !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(DatabaseSetup.ConnectionStringName)))
            return null;

        var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
        var options = LocalPostgresOptions.Persistent(Path.Combine(DataDirectories.For(builder.Environment), "postgres")) with
        {
            Logger = loggerFactory.CreateLogger<LocalPostgres>(),
        };

        LocalPostgres postgres;
        try
        {
            postgres = await LocalPostgres.LaunchAsync(options, cancellationToken);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }

        builder.Configuration[$"ConnectionStrings:{DatabaseSetup.ConnectionStringName}"] = postgres.ConnectionString;
        builder.Services.AddSingleton(postgres);
        builder.Services.AddHostedService(_ => new StopWithHost(postgres, loggerFactory));
        return postgres;
    }

    private sealed class StopWithHost(LocalPostgres postgres, ILoggerFactory loggerFactory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await postgres.DisposeAsync();
            loggerFactory.Dispose();
        }
    }
}
