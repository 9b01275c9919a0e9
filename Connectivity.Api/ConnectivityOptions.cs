namespace Connectivity.Api;

/// <summary>Service settings under the <c>Connectivity</c> configuration section.</summary>
public sealed class ConnectivityOptions
{
    public const string Section = "Connectivity";

    /// <summary>Region used to read DIDs written without a country code.</summary>
    public string DefaultRegion { get; set; } = "US";

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most document ids one <c>paginate=false</c> listing returns; a longer listing is refused with 400.</summary>
    public int MaxUnpaginatedDocuments { get; set; } = 10_000;

    /// <summary>Most items one batch (<c>POST …/connectivity/batch</c>) may hold; a longer batch is refused with 400.</summary>
    public int MaxBatchItems { get; set; } = 100;
}
