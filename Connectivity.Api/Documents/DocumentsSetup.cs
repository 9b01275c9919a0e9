using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Documents;

public static class DocumentsSetup
{
    public static IServiceCollection AddConnectivityDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConnectivityOptions>().Bind(configuration.GetSection(ConnectivityOptions.Section))
            .Validate(options => options.MaxUnpaginatedDocuments > 0, "Connectivity:MaxUnpaginatedDocuments must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new PhoneNumbers(new PhoneNumberOptions
        {
            DefaultRegion = provider.GetRequiredService<IOptions<ConnectivityOptions>>().Value.DefaultRegion,
        }));
        services.AddSingleton<DocumentPipeline>();
        services.AddScoped<ConnectivityStore>();
        services.AddScoped<DocumentListing>();
        return services;
    }
}
