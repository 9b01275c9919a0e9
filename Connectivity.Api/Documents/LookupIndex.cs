using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Connectivity.Api.Telemetry;
using Connectivity.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Connectivity.Api.Documents;

/// <summary>
/// Keeps the lookup tables (DIDs, SIP credentials, source IPs) in step with a document, inside the caller's
/// transaction. Their primary keys make each number, credential and IP unique across the whole system.
/// </summary>
internal static class LookupIndex
{
    public static async Task RemoveAsync(ConnectivityDbContext db, string documentId, CancellationToken cancellationToken)
    {
        await db.Dids.Where(d => d.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
        await db.Credentials.Where(c => c.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
        await db.Ips.Where(i => i.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Rewrites the document's lookup rows and saves every pending change of the context.</summary>
    public static async Task ReplaceAsync(
        ConnectivityDbContext db, DocumentRow document, DocumentIndex index, ConnectivityMetrics metrics, CancellationToken cancellationToken)
    {
        await RemoveAsync(db, document.Id, cancellationToken);
        await ThrowOnConflictsAsync(db, document.AccountId, index, metrics, cancellationToken);

        db.Dids.AddRange(index.Dids.Select(d => new DidRow
            { Number = d.Number, DocumentId = document.Id, AccountId = document.AccountId, ServerIndex = d.ServerIndex }));
        db.Credentials.AddRange(index.Credentials.Select(c => new CredentialRow
            { Realm = c.Realm, Username = c.Username, DocumentId = document.Id, AccountId = document.AccountId, ServerIndex = c.ServerIndex }));
        db.Ips.AddRange(index.Ips.Select(i => new IpRow
            { Address = i.Address, DocumentId = document.Id, AccountId = document.AccountId, ServerIndex = i.ServerIndex }));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another transaction claimed one of these keys after our check; the caller retries and reports it.
            throw new ConcurrentClaimException(e);
        }
    }

    private static async Task ThrowOnConflictsAsync(
        ConnectivityDbContext db, string accountId, DocumentIndex index, ConnectivityMetrics metrics, CancellationToken cancellationToken)
    {
        var numbers = index.Dids.Select(d => d.Number).ToArray();
        var dids = numbers.Length == 0 ? [] : await db.Dids.AsNoTracking()
            .Where(d => numbers.Contains(d.Number)).OrderBy(d => d.Number).ToListAsync(cancellationToken);

        var addresses = index.Ips.Select(i => i.Address).ToArray();
        var ips = addresses.Length == 0 ? [] : await db.Ips.AsNoTracking()
            .Where(i => addresses.Contains(i.Address)).OrderBy(i => i.Address).ToListAsync(cancellationToken);

        var credentials = new List<CredentialRow>();
        foreach (var credential in index.Credentials)
        {
            var held = await db.Credentials.AsNoTracking()
                .SingleOrDefaultAsync(c => c.Realm == credential.Realm && c.Username == credential.Username, cancellationToken);
            if (held is not null) credentials.Add(held);
        }

        if (dids.Count == 0 && ips.Count == 0 && credentials.Count == 0) return;
        if (dids.Count > 0) metrics.ConflictRejected("did");
        if (credentials.Count > 0) metrics.ConflictRejected("credential");
        if (ips.Count > 0) metrics.ConflictRejected("ip");
        throw KazooException.Conflict(ConflictData(accountId, dids, credentials, ips));
    }

    /// <summary>
    /// Names what is already taken. The holding document is named only when it belongs to the same account:
    /// another account's document ids are not this caller's business.
    /// </summary>
    private static JsonObject ConflictData(string accountId, List<DidRow> dids, List<CredentialRow> credentials, List<IpRow> ips)
    {
        string? Holder(string holderAccount, string documentId) => holderAccount == accountId ? documentId : null;

        var data = new JsonObject { ["message"] = "Already in use by another connectivity document" };
        if (dids.Count > 0)
        {
            data["numbers"] = new JsonArray([.. dids.Select(d => JsonValue.Create(d.Number))]);
            data["dids"] = Held(dids.Select(d => (d.Number, Holder(d.AccountId, d.DocumentId))));
        }
        if (credentials.Count > 0)
            data["credentials"] = new JsonArray([.. credentials.Select(c => Named(
                new JsonObject { ["realm"] = c.Realm, ["username"] = c.Username }, Holder(c.AccountId, c.DocumentId)))]);
        if (ips.Count > 0)
            data["ips"] = new JsonArray([.. ips.Select(i => Named(new JsonObject { ["ip"] = i.Address }, Holder(i.AccountId, i.DocumentId)))]);
        return data;
    }

    private static JsonObject Held(IEnumerable<(string Key, string? Holder)> entries)
    {
        var held = new JsonObject();
        foreach (var (key, holder) in entries) held[key] = Named(new JsonObject(), holder);
        return held;
    }

    private static JsonObject Named(JsonObject entry, string? holder)
    {
        if (holder is not null) entry["connectivity_id"] = holder;
        return entry;
    }
}

/// <summary>A unique key was taken by a concurrent transaction between the conflict check and the insert.</summary>
internal sealed class ConcurrentClaimException(Exception inner) : Exception("A concurrent write claimed the same key", inner);
