using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Storage;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Connectivity";

    /// <summary>
    /// The database named by <c>ConnectionStrings:Connectivity</c>; in Development without one, a private
    /// PostgreSQL started from the local binaries, its data kept under <c>.data/postgres</c>.
    /// </summary>
    public static WebApplicationBuilder AddConnectivityDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrEmpty(connectionString))
        {
            if (!builder.Environment.IsDevelopment())
                throw new InvalidOperationException(
                    "ConnectionStrings:Connectivity (env ConnectionStrings__Connectivity) is not set; outside Development it is required.");
            var embedded = EmbeddedDatabase.Start(builder.Environment);
            builder.Services.AddSingleton(embedded);
            connectionString = embedded.ConnectionString;
            builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
        }

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
