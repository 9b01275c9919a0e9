using System.Data;
using Connectivity.Api.Changes;
using Connectivity.Api.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Api.Lookups;

/// <summary>
/// Loads the <see cref="LookupCache"/> and keeps it current: on one connection it LISTENs to the change log's channel
/// and reads the log after the cache's position whenever woken, and at least every
/// <see cref="LookupCacheOptions.PollIntervalMilliseconds"/> so that a missed notification only delays. A dropped
/// connection is reopened and the log read from where the cache stands: the log, not the notifications, is the truth.
/// </summary>
internal sealed class LookupCacheFollower(
    LookupCache cache, LookupDatastore datastore, IOptions<LookupCacheOptions> options, TimeProvider clock,
    ILogger<LookupCacheFollower> logger) : BackgroundService
{
    /// <summary>The follower's connection, so operators (and tests) can tell it apart in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "connectivity-lookup-cache";

    private const int ChangesPerRead = 5000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds);
    private volatile bool _notified;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The cache stops vouching by itself once the bound passes; lookups go to PostgreSQL meanwhile.
                logger.LogWarning("Lookup cache lost the change log at position {Position}: {Error}", cache.Position, e.Message);
                try
                {
                    await Task.Delay(RetryDelay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        await using var connection = await datastore.OpenDedicatedAsync(ApplicationName, stoppingToken);
        connection.Notification += (_, _) => _notified = true;
        await using (var listen = new NpgsqlCommand($"LISTEN {ChangeLog.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);

        if (!cache.Loaded.IsCompleted) await LoadAsync(connection, stoppingToken);
        while (true)
        {
            _notified = false;
            if (await CatchUpAsync(connection, stoppingToken)) continue;
            if (!_notified) await connection.WaitAsync(_pollInterval, stoppingToken);
        }
    }

    private async Task LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var (startedAt, writes) = (clock.GetTimestamp(), cache.WritesAcknowledged);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        // Loading a million numbers may take longer than a request's statement timeout.
        await using (var unbounded = new NpgsqlCommand("SET LOCAL statement_timeout = 0", connection))
            await unbounded.ExecuteNonQueryAsync(cancellationToken);
        var position = await ChangeLog.HeadAsync(connection, cancellationToken);
        var documents = await LookupTables.ReadIndexedAsync(connection, null, LookupTables.NoneHanded, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Load(position, documents);
        cache.Confirm(startedAt, writes);
        var loaded = documents.Count;
        documents = null!;
        // The load's intermediate rows, arrays and lists (a million numbers read at once) are garbage now: one compacting
        // collection returns them before the replica serves, instead of leaving the heap at its high-water mark.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Lookup cache loaded {Documents} documents, {Dids} DIDs at change {Position} in {Elapsed} ms",
            loaded, cache.DidCount, position, (long)clock.GetElapsedTime(startedAt).TotalMilliseconds);
    }

    /// <summary>
    /// Applies what the log holds after the cache's position, whole transactions at a time, each read applied at once:
    /// the documents of one transaction (a batch moving numbers between them) change in the index together. The keys of
    /// documents this replica wrote come from their writes (<see cref="LookupCache.Written"/>), not from PostgreSQL.
    /// True when there may be more to read.
    /// </summary>
    private async Task<bool> CatchUpAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var (startedAt, writes, handOvers) = (clock.GetTimestamp(), cache.WritesAcknowledged, cache.HandOvers);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var (changes, more) = await ChangeLog.ReadTransactionsAfterAsync(connection, cache.Position, ChangesPerRead, cancellationToken);
        if (changes.Count > 0)
        {
            var ids = changes.Where(c => c.DocumentType == ChangeRow.Connectivity).Select(c => c.DocumentId).Distinct(StringComparer.Ordinal).ToArray();
            var current = ids.Length == 0 ? [] : await LookupTables.ReadIndexedAsync(connection, ids, cache.WrittenKeysOf(ids), cancellationToken);
            var byId = current.ToDictionary(d => d.Id, StringComparer.Ordinal);
            cache.Apply(changes[^1].Position, ids.ToDictionary(id => id, id => byId.GetValueOrDefault(id), StringComparer.Ordinal), complete: !more);
        }
        await transaction.CommitAsync(cancellationToken);
        if (more) return true;
        cache.ForgetWritten(handOvers);
        cache.Confirm(startedAt, writes);
        return false;
    }
}
