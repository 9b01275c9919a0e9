using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Documents;

public static class DocumentsSetup
{
    /// <summary>The configuration section of <see cref="DocumentLimits"/>.</summary>
    public const string LimitsSection = "Connectivity:Limits";

    public static IServiceCollection AddConnectivityDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectivityOptions>().Bind(configuration.GetSection(ConnectivityOptions.Section))
            .Validate(options => options.MaxUnpaginatedDocuments > 0, "Connectivity:MaxUnpaginatedDocuments must be at least 1.")
            .Validate(options => options.MaxBatchItems > 0, "Connectivity:MaxBatchItems must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.Section));
        services.AddOptions<DocumentLimits>().Bind(configuration.GetSection(LimitsSection))
            .Validate(limits => limits is { MaxStringLength: > 0, MaxServers: > 0, MaxDids: > 0, MaxDocumentBytes: > 0 }, "Every Connectivity:Limits value must be positive")
            .ValidateOnStart();
        services.AddSingleton<KazooRequest>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new PhoneNumbers(new PhoneNumberOptions
        {
            DefaultRegion = provider.GetRequiredService<IOptions<ConnectivityOptions>>().Value.DefaultRegion,
        }));
        services.AddSingleton(provider => new DocumentPipeline(
            provider.GetRequiredService<PhoneNumbers>(), provider.GetRequiredService<IOptions<DocumentLimits>>().Value));
        services.AddSingleton<StoredDocumentReader>();
        services.AddScoped<ConnectivityStore>();
        services.AddScoped<DocumentListing>();
        return services;
    }
}
