namespace Connectivity.Api.Idempotency;

public static class IdempotencySetup
{
    /// <summary><c>Idempotency-Key</c> support: its options, the process's claims, the records and their purge.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.IsValid(), "Connectivity:Idempotency: Lease, Retention and PurgeInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<RunningClaims>();
        services.AddScoped<IdempotencyRecords>();
        services.AddScoped<IdempotentRequest>();
        services.AddHostedService<IdempotencyPurge>();
        return services;
    }

    /// <summary>Honours <c>Idempotency-Key</c> on a write route under <c>/v2/accounts/{accountId}</c>.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder route) => route.AddEndpointFilter<RouteHandlerBuilder, IdempotencyFilter>();
}
