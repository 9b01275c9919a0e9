using Connectivity.Api.Kazoo;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// The request's <c>Idempotency-Key</c> claim, if it has one, as the write's code sees it: the handler says how a
/// written resource is answered (<see cref="RespondWith{T}"/>), and the write's transaction calls
/// <see cref="CompleteAsync{T}"/> just before it commits, so the response is stored with the write or not at all.
/// Without a key both do nothing.
/// </summary>
public sealed class IdempotentRequest(IdempotencyRecords records)
{
    private Claimed? _claim;
    private Func<object, KazooResult>? _respond;

    /// <summary>The response stored by the write's transaction; sent instead of the handler's own result.</summary>
    public StoredResponse? Completed { get; private set; }

    internal void Begin(HttpContext context, string accountId, string key, Guid claim) => _claim = new Claimed(context, accountId, key, claim);

    /// <summary>How the handler answers what its write wrote; call it before the write.</summary>
    public void RespondWith<T>(Func<T, KazooResult> respond) where T : notnull => _respond = written => respond((T)written);

    /// <summary>Stores the response to <paramref name="written"/> with the key, inside the write's transaction.</summary>
    public async Task CompleteAsync<T>(Func<T> written, CancellationToken cancellationToken) where T : notnull
    {
        if (_claim is null) return;
        var respond = _respond ?? throw new InvalidOperationException("The handler of an idempotent route must call RespondWith before it writes.");
        var response = StoredResponse.Of(respond(written()), _claim.Context);
        await records.CompleteAsync(_claim.AccountId, _claim.Key, _claim.Claim, response, cancellationToken);
        Completed = response;
    }

    private sealed record Claimed(HttpContext Context, string AccountId, string Key, Guid Claim);
}
