namespace Connectivity.Api.Usage;

/// <summary>Bounds of the usage reports, under <c>Connectivity:Usage</c>.</summary>
public sealed class UsageOptions
{
    public const string Section = "Connectivity:Usage";

    /// <summary>Most days one report or export may span; a longer period is a 400.</summary>
    public int MaxDays { get; set; } = 366;

    /// <summary>Longest the export's query may run, streaming included, in seconds (it replaces the statement timeout).</summary>
    public int ExportTimeoutSeconds { get; set; } = 300;

    public bool IsValid() => MaxDays >= 1 && ExportTimeoutSeconds >= 1;
}
