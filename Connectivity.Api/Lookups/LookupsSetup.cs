// Program.cs composes every feature; importing this one here keeps its footprint there to the two calls.
global using Connectivity.Api.Lookups;

namespace Connectivity.Api.Lookups;

public static class LookupsSetup
{
    public static IServiceCollection AddLookups(this IServiceCollection services) => services.AddScoped<LookupStore>();
}
