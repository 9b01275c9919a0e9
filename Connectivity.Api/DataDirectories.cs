namespace Connectivity.Api;

/// <summary>Where the service keeps local state in Development: the embedded database and its signing key.</summary>
public static class DataDirectories
{
    public static string For(IHostEnvironment environment) => Path.Combine(environment.ContentRootPath, ".data");
}
