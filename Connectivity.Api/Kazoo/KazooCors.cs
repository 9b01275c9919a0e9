
namespace Connectivity.Api.Kazoo;

/// <summary>
/// Browser UIs written for Kazoo (Monster UI and its PBX Connector) call the API from another origin, so
/// Kazoo answers CORS preflights for every origin; tokens travel in a header, never in cookies, so that is safe.
/// <c>Cors:AllowedOrigins</c> narrows it.
/// </summary>
public static class KazooCors
{
    public const string Section = "Cors:AllowedOrigins";

    public static IServiceCollection AddKazooCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection(Section).Get<string[]>() ?? [];
        return services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (origins.Length == 0) policy.AllowAnyOrigin();
            else policy.WithOrigins(origins);
            policy.WithMethods("GET", "PUT", "POST", "PATCH", "DELETE")
                .WithHeaders("Content-Type", KazooAuthToken.Header, "If-Match", "If-None-Match", RequestIds.Header)
                .WithExposedHeaders("ETag", "Location", RequestIds.Header, "Retry-After")
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));
    }
}
