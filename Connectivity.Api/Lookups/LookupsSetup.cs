using Connectivity.Api.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Lookups;

public static class LookupsSetup
{
    /// <summary>The lookup tables, the call-time reads and, unless turned off, the in-process index that answers them.</summary>
    public static IServiceCollection AddLookups(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LookupCacheOptions>().Bind(configuration.GetSection(LookupCacheOptions.Section))
            .Validate(o => o.StalenessBoundMilliseconds > 0 && o.PollIntervalMilliseconds > 0 && o.PollIntervalMilliseconds < o.StalenessBoundMilliseconds,
                "Connectivity:LookupCache: the poll interval must be positive and below the staleness bound.")
            .ValidateOnStart();
        services.AddScoped<LookupTables>();
        services.AddSingleton<LookupStore>();
        services.AddSingleton<LookupCache>();
        if (configuration.GetValue($"{LookupCacheOptions.Section}:{nameof(LookupCacheOptions.Enabled)}", true))
            services.AddHostedService<LookupCacheFollower>();
        services.AddHealthChecks().AddCheck<LookupCacheLoaded>("lookup_cache", tags: [Probes.StartupTag]);
        return services;
    }

    /// <summary>Started only once the lookup index is in memory (it waits a moment for a load under way).</summary>
    private sealed class LookupCacheLoaded(LookupCache cache, IOptions<LookupCacheOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            if (!options.Value.Enabled) return HealthCheckResult.Healthy("disabled");
            try
            {
                await cache.Loaded.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Unhealthy("loading the lookup index");
            }
        }
    }
}
