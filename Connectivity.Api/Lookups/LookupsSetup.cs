namespace Connectivity.Api.Lookups;

public static class LookupsSetup
{
    public static IServiceCollection AddLookups(this IServiceCollection services) =>
        services.AddScoped<LookupTables>().AddScoped<LookupStore>();
}
