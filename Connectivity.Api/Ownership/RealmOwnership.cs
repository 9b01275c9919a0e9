using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Ownership;

/// <summary>
/// A SIP realm belongs to one account: registrars find the account from the realm, so a document naming a realm that
/// a live document of another account names is refused (403), whoever the caller is. Kazoo gets the same by forcing
/// <c>account.auth_realm</c> to the account's own realm.
/// </summary>
public sealed class RealmOwnership(ConnectivityDbContext db)
{
    // First key of the two-key advisory lock: keeps realm locks apart from any other advisory lock on the database.
    private const int RealmLockSpace = 0x7265616c;

    /// <summary>
    /// Records the realm <paramref name="document"/> names for <paramref name="documentId"/>; the row is inserted by
    /// the caller's next SaveChanges, in the same transaction.
    /// </summary>
    public async Task ClaimAsync(string accountId, string documentId, JsonObject document, CancellationToken cancellationToken)
    {
        await ReleaseAsync(documentId, cancellationToken);
        if (RealmOf(document) is not { } realm) return;

        // Two accounts claiming one new realm at once: the second waits here until the first commits, then sees its row.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RealmLockSpace}, hashtext({realm}))", cancellationToken);
        if (await db.Realms.AnyAsync(r => r.Realm == realm && r.AccountId != accountId, cancellationToken))
            throw HeldByAnotherAccount(realm);
        db.Realms.Add(new RealmRow { DocumentId = documentId, AccountId = accountId, Realm = realm });
    }

    public async Task ReleaseAsync(string documentId, CancellationToken cancellationToken) =>
        await db.Realms.Where(r => r.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);

    /// <summary><c>account.auth_realm</c>, lower-cased as the credentials table compares it; null when absent or empty.</summary>
    public static string? RealmOf(JsonObject document) =>
        document["account"] is JsonObject account && account["auth_realm"] is JsonValue value &&
        value.TryGetValue<string>(out var realm) && realm.Length > 0
            ? realm.ToLowerInvariant()
            : null;

    private static KazooException HeldByAnotherAccount(string realm) =>
        new(StatusCodes.Status403Forbidden, "forbidden", new JsonObject
        {
            ["message"] = $"unauthorized to use realm {realm}: another account uses it",
            ["realm"] = realm,
        });
}
