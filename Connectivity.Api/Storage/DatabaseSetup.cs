using Microsoft.EntityFrameworkCore;

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
        await builder.UseLocalPostgresInDevelopmentAsync();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrEmpty(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Connectivity (env ConnectionStrings__Connectivity) is not set; outside Development it is required.");

        builder.Services.AddDbContextPool<ConnectivityDbContext>(options => options.UseNpgsql(connectionString));
        if (builder.Configuration.GetValue("Connectivity:MigrateAtStartup", builder.Environment.IsDevelopment()))
            builder.Services.AddHostedService<MigrateAtStartup>();
        return builder;
    }

    private sealed class MigrateAtStartup(IServiceScopeFactory scopes) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConnectivityDbContext>().Database.MigrateAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
