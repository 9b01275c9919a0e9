namespace Connectivity.Api.Idempotency;

/// <summary>How <c>Idempotency-Key</c> records are kept, under <c>Connectivity:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Connectivity:Idempotency";

    /// <summary>
    /// How long a claimed key belongs to the request that claimed it; past it, a retry may take the key over from a
    /// request that will never finish (its replica died). Longer than any write runs.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a completed write's response is kept for replay; after it the key may be used again.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often records past their retention are deleted.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    public bool IsValid() => Lease > TimeSpan.Zero && Retention > TimeSpan.Zero && PurgeInterval > TimeSpan.Zero;
}
