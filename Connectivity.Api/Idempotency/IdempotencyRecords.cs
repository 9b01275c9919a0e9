using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// The <c>connectivity_idempotency_keys</c> table: a key is claimed in a short transaction of its own before its
/// request runs, completed with the response by the write's own transaction, and released when the request fails, so
/// a failed request leaves nothing behind and its retry runs afresh.
/// </summary>
public sealed class IdempotencyRecords(
    ConnectivityDbContext db, DatastoreResilience resilience, TimeProvider clock, IOptions<IdempotencyOptions> options,
    RunningClaims running, ILogger<IdempotencyRecords> logger)
{
    /// <summary>Concurrent requests can change a key between the claim's insert and its read only a few times.</summary>
    private const int MaxAdmissionAttempts = 5;

    private DbSet<IdempotencyRecordRow> Records => db.Set<IdempotencyRecordRow>();

    /// <summary>
    /// Claims <paramref name="key"/> for the request holding <paramref name="claim"/> and answers null, or answers the
    /// completed record to replay. A different request than the completed one is a 422; a key still running a 409.
    /// </summary>
    public Task<IdempotencyRecordRow?> AdmitAsync(
        string accountId, string key, byte[] fingerprint, Guid claim, CancellationToken cancellationToken) =>
        resilience.WriteAsync(async token =>
        {
            for (var attempt = 1; attempt <= MaxAdmissionAttempts; attempt++)
            {
                var now = clock.GetUtcNow();
                var (leaseUntil, expiresAt) = (now + options.Value.Lease, now + options.Value.Retention);
                var inserted = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO connectivity_idempotency_keys (account_id, key, fingerprint, owner, claim, lease_until, expires_at)
                    VALUES ({accountId}, {key}, {fingerprint}, {running.Instance}, {claim}, {leaseUntil}, {expiresAt})
                    ON CONFLICT (account_id, key) DO NOTHING
                    """, token);
                if (inserted == 1) return null;

                var held = await Records.AsNoTracking().SingleOrDefaultAsync(r => r.AccountId == accountId && r.Key == key, token);
                if (held is null) continue;
                if (held.CompletedAt is not null && held.ExpiresAt > now)
                    return held.Fingerprint.AsSpan().SequenceEqual(fingerprint) ? held : throw IdempotencyErrors.Reused();
                // Which request a running claim will have answered is not known until it completes.
                if (held.CompletedAt is null && !IsAbandoned(held, now)) throw IdempotencyErrors.InProgress();
                if (await TakeOverAsync(held, fingerprint, claim, now, token)) return null;
            }
            throw IdempotencyErrors.InProgress();
        }, cancellationToken);

    /// <summary>
    /// Turns this request's claim into the completed record. Call inside the write's transaction, just before it
    /// commits: the record commits with the write or not at all. A claim taken over meanwhile (its lease ran out)
    /// is no longer this request's to complete, and the write is refused with a 409 instead.
    /// </summary>
    public async Task CompleteAsync(string accountId, string key, Guid claim, StoredResponse response, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var completed = await Records
            .Where(r => r.AccountId == accountId && r.Key == key && r.Claim == claim && r.CompletedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.ExpiresAt, now + options.Value.Retention)
                .SetProperty(r => r.StatusCode, response.StatusCode)
                .SetProperty(r => r.Body, response.Body)
                .SetProperty(r => r.ETag, response.ETag)
                .SetProperty(r => r.Location, response.Location), cancellationToken);
        if (completed == 0) throw IdempotencyErrors.InProgress();
    }

    /// <summary>
    /// Deletes this request's claim after the request failed or wrote nothing. Best effort: when the database is gone
    /// the claim stays, and a retry through this process takes it over (see <see cref="RunningClaims"/>).
    /// </summary>
    public async Task ReleaseAsync(string accountId, string key, Guid claim)
    {
        try
        {
            await resilience.WriteAsync(token => Records
                .Where(r => r.AccountId == accountId && r.Key == key && r.Claim == claim && r.CompletedAt == null)
                .ExecuteDeleteAsync(token), CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException || DatastoreFaults.Classify(e) != DatastoreFault.None)
        {
            logger.LogWarning("An Idempotency-Key claim could not be released; a retry takes it over: {Reason}", e.GetBaseException().Message);
        }
    }

    /// <summary>Deletes the records past their retention; answers how many.</summary>
    public Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return resilience.WriteAsync(token => Records.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(token), cancellationToken);
    }

    /// <summary>A claim whose lease ran out, or this process's own whose request is no longer running.</summary>
    private bool IsAbandoned(IdempotencyRecordRow held, DateTimeOffset now) =>
        held.LeaseUntil <= now || (held.Owner == running.Instance && !running.IsRunning(held.Claim));

    /// <summary>Claims a key an abandoned claim or an expired record holds, unless another request changed it first.</summary>
    private async Task<bool> TakeOverAsync(IdempotencyRecordRow held, byte[] fingerprint, Guid claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var unchanged = Records.Where(r => r.AccountId == held.AccountId && r.Key == held.Key && r.Claim == held.Claim);
        unchanged = held.CompletedAt is null ? unchanged.Where(r => r.CompletedAt == null) : unchanged.Where(r => r.CompletedAt != null);
        return await unchanged.ExecuteUpdateAsync(set => set
            .SetProperty(r => r.Fingerprint, fingerprint)
            .SetProperty(r => r.Owner, running.Instance)
            .SetProperty(r => r.Claim, claim)
            .SetProperty(r => r.LeaseUntil, now + options.Value.Lease)
            .SetProperty(r => r.CompletedAt, (DateTimeOffset?)null)
            .SetProperty(r => r.ExpiresAt, now + options.Value.Retention)
            .SetProperty(r => r.StatusCode, (int?)null)
            .SetProperty(r => r.Body, (string?)null)
            .SetProperty(r => r.ETag, (string?)null)
            .SetProperty(r => r.Location, (string?)null), cancellationToken) == 1;
    }
}
