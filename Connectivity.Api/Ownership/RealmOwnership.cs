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
    /// Records the realm <paramref name="document"/> names for <paramref name="documentId"/>, whose row must be saved
    /// already (the realm row refers to it).
    /// </summary>
    public async Task ClaimAsync(string accountId, string documentId, JsonObject document, CancellationToken cancellationToken)
    {
        var checks = new TransactionChecks(db);
        AddClaim(checks, accountId, documentId, document);
        await checks.RunAsync(cancellationToken);
    }

    /// <summary><see cref="ClaimAsync"/> as one of the write's <paramref name="checks"/>.</summary>
    public void AddClaim(TransactionChecks checks, string accountId, string documentId, JsonObject document)
    {
        if (RealmOf(document) is not { } realm)
        {
            AddRelease(checks, documentId);
            return;
        }

        // The document's previous realm goes, then the realm's lock (two accounts claiming one new realm at once: the
        // second waits here until the first commits), then who else holds it, seen after the wait, then the claim,
        // which the transaction's rollback takes back when another account holds the realm.
        checks.Add(async (answers, cancellationToken) =>
            {
                await answers.NextAsync(cancellationToken);
                if (await answers.ValueAsync<bool>(cancellationToken)) throw HeldByAnotherAccount(realm);
            },
            (Release, [documentId]),
            ("SELECT pg_advisory_xact_lock($1, hashtext($2))", [RealmLockSpace, realm]),
            ("SELECT EXISTS (SELECT 1 FROM connectivity_realms WHERE realm = $1 AND account_id <> $2)", [realm, accountId]),
            ("INSERT INTO connectivity_realms (document_id, account_id, realm) VALUES ($1, $2, $3)", [documentId, accountId, realm]));
    }

    public async Task ReleaseAsync(string documentId, CancellationToken cancellationToken)
    {
        var checks = new TransactionChecks(db);
        AddRelease(checks, documentId);
        await checks.RunAsync(cancellationToken);
    }

    public void AddRelease(TransactionChecks checks, string documentId) => checks.Add(null, (Release, [documentId]));

    private const string Release = "DELETE FROM connectivity_realms WHERE document_id = $1";

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
