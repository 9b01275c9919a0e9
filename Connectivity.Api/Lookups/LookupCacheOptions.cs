namespace Connectivity.Api.Lookups;

/// <summary>The in-process lookup index, under <c>Connectivity:LookupCache</c>.</summary>
public sealed class LookupCacheOptions
{
    public const string Section = "Connectivity:LookupCache";

    /// <summary>Answer lookups from memory; false sends every lookup to PostgreSQL.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Longest a replica answers from memory without having confirmed with the change log that nothing newer was
    /// committed; past it, lookups go to PostgreSQL (503 while it is unreachable).
    /// </summary>
    public int StalenessBoundMilliseconds { get; set; } = 1000;

    /// <summary>How often the log is read when no notification arrives; well under the bound.</summary>
    public int PollIntervalMilliseconds { get; set; } = 250;
}
