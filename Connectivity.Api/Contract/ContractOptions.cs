namespace Connectivity.Api.Contract;

/// <summary>Settings of the published API description (section <c>Connectivity:Contract</c>).</summary>
public sealed class ContractOptions
{
    public const string Section = "Connectivity:Contract";

    /// <summary>Serve the Scalar reference page at <c>/scalar</c>; unset means on in Development only.</summary>
    public bool? ReferencePage { get; set; }
}
