namespace Connectivity.Api.Changes;

/// <summary>The change feed's bounds, under <c>Connectivity:ChangeFeed</c>.</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "Connectivity:ChangeFeed";

    /// <summary>Entries answered when the request names no <c>limit</c>.</summary>
    public int DefaultLimit { get; set; } = 100;

    /// <summary>Most entries one answer holds; a larger <c>limit</c> is a 400.</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>Longest a request may ask to wait for a change (<c>wait</c>, in seconds); a longer wait is a 400.</summary>
    public int MaxWaitSeconds { get; set; } = 30;

    /// <summary>How often a waiting request reads the log when no notification arrives (a missed one only delays).</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    public bool IsValid() => DefaultLimit >= 1 && MaxLimit >= DefaultLimit && MaxWaitSeconds >= 0 && PollIntervalMilliseconds > 0;
}
