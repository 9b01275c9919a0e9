using Connectivity.Api.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Api.Changes;

/// <summary>What a feed request asks: the entries after <see cref="Since"/>, one account's or all, and how long to wait for one.</summary>
public sealed record ChangeFeedQuery(string? AccountId, long Since, int Limit, TimeSpan Wait);

/// <summary>Entries of the change log in commit order, and the position to ask from next.</summary>
public sealed record ChangeFeedPage(IReadOnlyList<ChangeRow> Changes, long Next);

/// <summary>
/// Reads the change log for the feed, through the API's read pipeline (a database outage is a fast 503). A request
/// that finds nothing waits up to its <see cref="ChangeFeedQuery.Wait"/>: woken by <see cref="ChangeNotifications"/>,
/// and reading again at least every <see cref="ChangeFeedOptions.PollIntervalMilliseconds"/>. It holds no connection
/// while it waits.
/// </summary>
public sealed class ChangeFeed(
    NpgsqlDataSource dataSource, DatastoreResilience resilience, ChangeNotifications notifications,
    IOptions<ChangeFeedOptions> options, TimeProvider clock)
{
    private readonly TimeSpan _pollInterval = TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds);

    public async Task<ChangeFeedPage> ReadAsync(ChangeFeedQuery query, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetTimestamp();
        var since = query.Since;
        while (true)
        {
            var notified = notifications.Next;
            var page = await resilience.ReadAsync(token => ReadOnceAsync(query with { Since = since }, token), cancellationToken);
            var remaining = query.Wait - clock.GetElapsedTime(startedAt);
            if (page.Changes.Count > 0 || remaining <= TimeSpan.Zero) return page;
            // An account's feed moves past other accounts' changes while it waits, so that the next read starts there.
            since = page.Next;
            var poll = Task.Delay(remaining < _pollInterval ? remaining : _pollInterval, clock, cancellationToken);
            await Task.WhenAny(notified, poll);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<ChangeFeedPage> ReadOnceAsync(ChangeFeedQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The head first: every entry up to it is committed by then, so an account read up to it misses none.
        var head = await ChangeLog.HeadAsync(connection, cancellationToken);
        var changes = query.AccountId is null
            ? await ChangeLog.ReadAfterAsync(connection, query.Since, query.Limit, cancellationToken)
            : await ChangeLog.ReadAccountAsync(connection, query.AccountId, query.Since, head, query.Limit, cancellationToken);
        var next = changes.Count == query.Limit ? changes[^1].Position
            : Math.Max(query.Since, changes.Count > 0 ? Math.Max(head, changes[^1].Position) : head);
        return new ChangeFeedPage(changes, next);
    }
}
