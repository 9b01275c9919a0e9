using System.Collections.Concurrent;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// This process's identity as the owner of claimed keys, and the claims whose requests are running in it. A claim this
/// process owns that is not running here belongs to a request that failed without releasing it (the database went
/// away around its commit): a retry may take it over at once instead of waiting for its lease to end.
/// </summary>
public sealed class RunningClaims
{
    private readonly ConcurrentDictionary<Guid, byte> _running = new();

    public Guid Instance { get; } = Guid.NewGuid();

    /// <summary>A new claim, running until <see cref="End"/>; started before it is written, so it is never seen as abandoned.</summary>
    public Guid Start()
    {
        var claim = Guid.NewGuid();
        _running[claim] = 0;
        return claim;
    }

    public bool IsRunning(Guid claim) => _running.ContainsKey(claim);

    public void End(Guid claim) => _running.TryRemove(claim, out _);
}
