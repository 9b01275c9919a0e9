namespace Connectivity.Domain.Numbers;

public sealed class PhoneNumberOptions
{
    /// <summary>ISO 3166 region used for numbers written without a leading '+' (e.g. "US", "GB").</summary>
    public string DefaultRegion { get; set; } = "US";
}
