using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connectivity.LocalDatabase;

/// <summary>A service's development default: its own PostgreSQL when no server is configured.</summary>
public static class DevelopmentDatabase
{
    /// <summary>
    /// In Development, when the connection string <paramref name="connectionStringName"/> is not set, starts (or resumes)
    /// a cluster kept in <paramref name="dataDirectory"/>, points the connection string at it and stops it when the host
    /// stops. Elsewhere, or with a configured server, does nothing and returns null.
    /// </summary>
    public static async Task<LocalPostgres?> UseLocalPostgresInDevelopmentAsync(
        this IHostApplicationBuilder builder, string connectionStringName, string dataDirectory, CancellationToken cancellationToken = default)
    {
        if (!builder.Environment.IsDevelopment() ||
            !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(connectionStringName)))
            return null;

        var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
        var options = LocalPostgresOptions.Persistent(dataDirectory) with { Logger = loggerFactory.CreateLogger<LocalPostgres>() };

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

        builder.Configuration[$"ConnectionStrings:{connectionStringName}"] = postgres.ConnectionString;
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
