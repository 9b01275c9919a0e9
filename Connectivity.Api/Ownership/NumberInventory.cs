using System.Text.Json.Nodes;
using Connectivity.Api.Idempotency;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Lookups;
using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Ownership;

/// <summary>
/// Accounts' number inventories (Kazoo's <c>phone_numbers</c>), through <see cref="DatastoreResilience"/> like the
/// documents. A number is in at most one inventory; <c>used_by</c> is kept by <see cref="NumberOwnership"/>.
/// </summary>
public sealed class NumberInventory(
    ConnectivityDbContext db, LookupTables lookups, DatastoreResilience resilience, TimeProvider clock, IdempotentRequest idempotentRequest)
{
    public Task<List<PhoneNumberRow>> ListAsync(string accountId, CancellationToken cancellationToken) =>
        resilience.ReadAsync(token => db.PhoneNumbers.AsNoTracking()
            .Where(n => n.AccountId == accountId).OrderBy(n => n.Number).ToListAsync(token), cancellationToken);

    public async Task<PhoneNumberRow> GetAsync(string accountId, string number, CancellationToken cancellationToken) =>
        await resilience.ReadAsync(token => db.PhoneNumbers.AsNoTracking()
            .SingleOrDefaultAsync(n => n.Number == number && n.AccountId == accountId, token), cancellationToken)
        ?? throw KazooException.BadIdentifier(number);

    /// <summary>
    /// Adds <paramref name="number"/> to the account's inventory, in service; true when it was added, false when the
    /// account already held it (a retried request). A number another account holds must be released there first.
    /// </summary>
    public Task<(PhoneNumberRow Number, bool Added)> AddAsync(string accountId, string number, CancellationToken cancellationToken) =>
        resilience.WriteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await InventoryLock.ForInventoryChangeAsync(db, token);
            var held = await db.PhoneNumbers.AsNoTracking().SingleOrDefaultAsync(n => n.Number == number, token);
            if (held is not null)
                return held.AccountId == accountId ? (held, false) : throw HeldByAnotherAccount(held);

            var now = clock.GetUtcNow();
            var row = new PhoneNumberRow
            {
                Number = number,
                AccountId = accountId,
                State = PhoneNumberRow.InService,
                // Routed already by a live document (written before the number was in any inventory).
                UsedBy = await lookups.RoutesAsync(number, token) ? PhoneNumberRow.UsedByTrunkstore : null,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.PhoneNumbers.Add(row);
            await db.SaveChangesAsync(token);
            await idempotentRequest.CompleteAsync(() => row, token);
            await transaction.CommitAsync(token);
            return (row, true);
        }, cancellationToken);

    /// <summary>Removes <paramref name="number"/> from the account's inventory; documents that route it keep routing it.</summary>
    public Task<PhoneNumberRow> ReleaseAsync(string accountId, string number, CancellationToken cancellationToken) =>
        resilience.WriteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var row = await db.PhoneNumbers.SingleOrDefaultAsync(n => n.Number == number && n.AccountId == accountId, token)
                      ?? throw KazooException.BadIdentifier(number);
            db.PhoneNumbers.Remove(row);
            await db.SaveChangesAsync(token);
            await idempotentRequest.CompleteAsync(() => row, token);
            await transaction.CommitAsync(token);
            return row;
        }, cancellationToken);

    private static KazooException HeldByAnotherAccount(PhoneNumberRow held) =>
        KazooException.Conflict(new JsonObject
        {
            ["message"] = "The number is in another account's inventory; release it there first",
            ["number"] = held.Number,
            ["assigned_to"] = held.AccountId,
        });
}
