namespace Connectivity.Api.Kazoo;

public static class KazooSetup
{
    public static IServiceCollection AddKazooErrors(this IServiceCollection services)
    {
        services.AddExceptionHandler<KazooErrorHandler>();
        services.AddProblemDetails();
        return services;
    }
}
