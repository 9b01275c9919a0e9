namespace Connectivity.Api.RateLimits;

/// <summary>
/// How many requests each kind of caller may make (section <c>Connectivity:RateLimits</c>). Every limit is per
/// service instance: with N replicas behind a load balancer a caller gets up to N times as much.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Connectivity:RateLimits";

    /// <summary>Account tokens: one bucket per account, as Kazoo's crossbar keeps (100 tokens, 10 a second).</summary>
    public TokenBucket Account { get; set; } = new() { Tokens = 100, TokensPerSecond = 10 };

    /// <summary>Super-duper admin tokens (the operator's billing system and UIs): one bucket per token subject.</summary>
    public TokenBucket Admin { get; set; } = new() { Tokens = 2000, TokensPerSecond = 200 };

    /// <summary>Call routers on <c>/v2/lookups</c> with the <c>connectivity:lookup</c> scope; unlimited unless set.</summary>
    public TokenBucket Lookup { get; set; } = new() { Tokens = 0, TokensPerSecond = 0 };

    /// <summary>Requests without a usable token: one bucket per client IP address.</summary>
    public TokenBucket Anonymous { get; set; } = new() { Tokens = 100, TokensPerSecond = 10 };

    /// <summary>Writes to one account that run at the same time; 0 for no limit.</summary>
    public int ConcurrentWritesPerAccount { get; set; } = 4;

    /// <summary>Further writes to one account that wait for a turn before the next one is refused with 429.</summary>
    public int QueuedWritesPerAccount { get; set; } = 32;

    /// <summary>Every value is usable: no negative counts, and a bucket that holds tokens refills.</summary>
    public bool IsValid() =>
        new[] { Account, Admin, Lookup, Anonymous }.All(bucket => bucket.IsValid()) &&
        ConcurrentWritesPerAccount >= 0 && QueuedWritesPerAccount >= 0;
}

/// <summary>A token bucket: <see cref="Tokens"/> requests at once, refilled by <see cref="TokensPerSecond"/>; 0 tokens for no limit.</summary>
public sealed class TokenBucket
{
    public int Tokens { get; set; }
    public int TokensPerSecond { get; set; }

    public bool IsUnlimited => Tokens == 0;

    public bool IsValid() => IsUnlimited ? TokensPerSecond >= 0 : Tokens > 0 && TokensPerSecond > 0;
}
