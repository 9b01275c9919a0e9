namespace Connectivity.Api.Ownership;

public static class OwnershipSetup
{
    /// <summary>Number inventories and the ownership checks connectivity writes run.</summary>
    public static IServiceCollection AddOwnership(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NumberOptions>().Bind(configuration.GetSection(NumberOptions.Section));
        services.AddScoped<NumberInventory>();
        services.AddScoped<NumberOwnership>();
        services.AddScoped<RealmOwnership>();
        services.AddScoped<DocumentOwnership>();
        return services;
    }
}
