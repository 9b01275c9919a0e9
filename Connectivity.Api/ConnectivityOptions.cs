namespace Connectivity.Api;

/// <summary>Service settings under the <c>Connectivity</c> configuration section.</summary>
public sealed class ConnectivityOptions
{
    public const string Section = "Connectivity";

    /// <summary>Region used to read DIDs written without a country code.</summary>
    public string DefaultRegion { get; set; } = "US";

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
