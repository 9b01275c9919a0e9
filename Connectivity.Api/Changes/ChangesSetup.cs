namespace Connectivity.Api.Changes;

public static class ChangesSetup
{
    /// <summary>The change feed: its bounds, the process's one notification listener, and the reads.</summary>
    public static IServiceCollection AddChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChangeFeedOptions>().Bind(configuration.GetSection(ChangeFeedOptions.Section))
            .Validate(o => o.IsValid(),
                "Connectivity:ChangeFeed: DefaultLimit must be at least 1 and at most MaxLimit, MaxWaitSeconds at least 0, the poll interval positive.")
            .ValidateOnStart();
        services.AddSingleton<ChangeNotifications>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeNotifications>());
        services.AddSingleton<ChangeFeed>();
        return services;
    }
}
