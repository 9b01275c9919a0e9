using System.Text.Json;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Connectivity.Api.Hosting;

/// <summary>
/// Kubernetes probes and graceful shutdown. Liveness checks nothing outside the process; readiness needs the
/// database reachable and migrated, and turns false as soon as shutdown begins so that no new traffic arrives
/// while in-flight requests finish.
/// </summary>
public static class Probes
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";
    public const string StartupPath = "/healthz/startup";

    private const string ReadyTag = "ready";
    /// <summary>Health checks with this tag must pass before the startup probe does.</summary>
    public const string StartupTag = "startup";

    /// <summary>Within the readiness probe's own 2 s timeout.</summary>
    private static readonly TimeSpan DatabaseCheckTimeout = TimeSpan.FromMilliseconds(1500);

    public static IServiceCollection AddProbes(this IServiceCollection services)
    {
        // The pod's grace period (45 s) = preStop sleep (10 s) + this + margin.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<DatabaseReadiness>();
        services.AddHealthChecks()
            .AddCheck<StartedCheck>("started", tags: [StartupTag])
            .AddCheck<NotStoppingCheck>("not_stopping", tags: [ReadyTag])
            .AddCheck<DatabaseReadiness>("database", tags: [ReadyTag], timeout: DatabaseCheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, Options(_ => false));
        endpoints.MapHealthChecks(ReadyPath, Options(check => check.Tags.Contains(ReadyTag)));
        endpoints.MapHealthChecks(StartupPath, Options(check => check.Tags.Contains(StartupTag)));
        return endpoints;
    }

    /// <summary>Requests that are not traced and not logged: probes every few seconds, scrapes every few more.</summary>
    public static bool IsProbeOrScrape(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/metrics");

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) =>
        new() { Predicate = predicate, ResponseWriter = WriteReportAsync };

    private static async Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null) json.WriteString("description", entry.Description);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private sealed class StartedCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("starting"));
    }

    private sealed class NotStoppingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("shutting down")
                : HealthCheckResult.Healthy());
    }
}

/// <summary>
/// Ready when PostgreSQL answers and its schema has every migration this build knows. The migration check reads
/// the history table, so it runs only until it first passes; after that a <c>SELECT 1</c> suffices.
/// </summary>
internal sealed class DatabaseReadiness(NpgsqlDataSource dataSource, IServiceScopeFactory scopes) : IHealthCheck
{
    private volatile bool _migrated;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (!_migrated)
            {
                await using var scope = scopes.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<ConnectivityDbContext>().Database;
                var pending = (await database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                    return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, the first is {pending[0]}");
                _migrated = true;
                return HealthCheckResult.Healthy();
            }

            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is OperationCanceledException || DatastoreFaults.IsUnreachable(e))
        {
            // Pooled connections to a server that went away are dead; without this each would fail once after it returns.
            dataSource.Clear();
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
