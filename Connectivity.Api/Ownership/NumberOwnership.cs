using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Lookups;
using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Ownership;

/// <summary>
/// The numbers side of a connectivity write, inside its transaction: a DID assigned to another account's inventory is
/// refused as Kazoo refuses it (403 <c>forbidden</c>, "unauthorized to use …") unless the caller is a super-duper
/// admin, and so is a DID in no inventory when <see cref="NumberOptions.RequireInventory"/> is set. Inventory numbers
/// the document routes are marked <c>used_by: "trunkstore"</c>; those it stops routing are cleared.
/// </summary>
public sealed class NumberOwnership(ConnectivityDbContext db, IOptions<NumberOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Checks and marks the numbers several documents of one write are about to route (a document being deleted routes
    /// none), before their lookup rows are rewritten. The marks follow what the documents route together, so a number
    /// moving from one of them to another stays used. Answers the refusals by document; nothing is marked when any.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, KazooException>> ClaimAsync(
        string accountId, IReadOnlyList<NumberClaim> claims, bool callerIsAdmin, CancellationToken cancellationToken)
    {
        var checks = new TransactionChecks(db);
        var refused = AddClaim(checks, accountId, claims, callerIsAdmin);
        await checks.RunAsync(cancellationToken);
        return refused;
    }

    /// <summary>
    /// <see cref="ClaimAsync"/> as one of the write's <paramref name="checks"/>: the refusals, by document, are in the
    /// answer once the checks have run.
    /// </summary>
    public IReadOnlyDictionary<string, KazooException> AddClaim(
        TransactionChecks checks, string accountId, IReadOnlyList<NumberClaim> claims, bool callerIsAdmin)
    {
        var routed = claims.SelectMany(c => c.Numbers).ToHashSet(StringComparer.Ordinal);
        var refused = new Dictionary<string, KazooException>(StringComparer.Ordinal);
        List<InventoryEntry> inventory = [];
        AddInventoryLock(checks, [.. claims.Select(c => c.DocumentId)], routed, inventory);
        checks.Then(async cancellationToken =>
        {
            if (!callerIsAdmin)
                foreach (var claim in claims)
                    if (NumbersOfOthers(accountId, claim.Numbers, inventory) is { Count: > 0 } numbers) refused[claim.DocumentId] = UnauthorizedToUse(numbers);
            if (refused.Count == 0) await MarkUsedAsync(routed, inventory, cancellationToken);
        });
        return refused;
    }

    /// <summary>Clears <c>used_by</c> of the numbers a document being deleted routed, before its lookup rows go.</summary>
    public void AddRelease(TransactionChecks checks, string documentId)
    {
        List<InventoryEntry> inventory = [];
        AddInventoryLock(checks, [documentId], [], inventory);
        checks.Then(cancellationToken => MarkUsedAsync([], inventory, cancellationToken));
    }

    /// <summary>
    /// Reads into <paramref name="inventory"/> the inventory rows of every number the documents route now or are about
    /// to route, locked in number order so that concurrent writes and releases of the same numbers queue instead of
    /// deadlocking: the shared <see cref="InventoryLock"/> first, then the rows, read once it is granted.
    /// </summary>
    private static void AddInventoryLock(TransactionChecks checks, string[] documentIds, HashSet<string> routed, List<InventoryEntry> inventory)
    {
        string[] numbers = [.. routed];
        checks.Add(async (answers, cancellationToken) =>
            {
                await answers.NextAsync(cancellationToken);
                var rows = await answers.NextAsync(cancellationToken);
                while (await rows.ReadAsync(cancellationToken))
                    inventory.Add(new InventoryEntry(rows.GetString(0), rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetString(2)));
            },
            InventoryLock.ForConnectivityWrite,
            ("""
            SELECT number, account_id, used_by FROM phone_numbers
            WHERE number = ANY (array_cat($1::text[], ARRAY(SELECT number::text FROM connectivity_dids WHERE document_id = ANY ($2))))
            ORDER BY number FOR UPDATE
            """, [numbers, documentIds]));
    }

    private sealed record InventoryEntry(string Number, string AccountId, string? UsedBy);

    private List<string> NumbersOfOthers(string accountId, IReadOnlySet<string> routed, List<InventoryEntry> inventory)
    {
        var assigned = inventory.ToDictionary(n => n.Number, n => n.AccountId, StringComparer.Ordinal);
        return routed
            .Where(number => assigned.TryGetValue(number, out var owner) ? owner != accountId : options.Value.RequireInventory)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// A number routes to one live document (the DIDs table's key), so a number this document stops routing is
    /// routed by none and is spare again.
    /// </summary>
    private async Task MarkUsedAsync(HashSet<string> routed, List<InventoryEntry> inventory, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var used = inventory.Where(n => routed.Contains(n.Number) && n.UsedBy != PhoneNumberRow.UsedByTrunkstore).Select(n => n.Number).ToArray();
        var spare = inventory.Where(n => !routed.Contains(n.Number) && n.UsedBy == PhoneNumberRow.UsedByTrunkstore).Select(n => n.Number).ToArray();
        if (used.Length > 0)
            await db.PhoneNumbers.Where(n => used.Contains(n.Number)).ExecuteUpdateAsync(
                set => set.SetProperty(n => n.UsedBy, PhoneNumberRow.UsedByTrunkstore).SetProperty(n => n.UpdatedAt, now), cancellationToken);
        if (spare.Length > 0)
            await db.PhoneNumbers.Where(n => spare.Contains(n.Number)).ExecuteUpdateAsync(
                set => set.SetProperty(n => n.UsedBy, (string?)null).SetProperty(n => n.UpdatedAt, now), cancellationToken);
    }

    private static KazooException UnauthorizedToUse(List<string> numbers) =>
        new(StatusCodes.Status403Forbidden, "forbidden", new JsonObject
        {
            ["message"] = $"unauthorized to use {string.Join(", ", numbers)}",
            ["numbers"] = new JsonArray([.. numbers.Select(n => JsonValue.Create(n))]),
        });
}

/// <summary>The numbers one document of a write is about to route.</summary>
public sealed record NumberClaim(string DocumentId, IReadOnlySet<string> Numbers);
