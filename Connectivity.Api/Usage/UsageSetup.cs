namespace Connectivity.Api.Usage;

public static class UsageSetup
{
    /// <summary>The usage reports and their bounds; the intervals themselves are written by <see cref="UsageRecorder"/>.</summary>
    public static IServiceCollection AddUsage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UsageOptions>().Bind(configuration.GetSection(UsageOptions.Section))
            .Validate(o => o.IsValid(), "Connectivity:Usage: MaxDays and ExportTimeoutSeconds must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<UsageReports>();
        return services;
    }
}
