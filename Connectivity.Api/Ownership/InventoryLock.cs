using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Ownership;

/// <summary>
/// Orders inventory changes against connectivity writes without a lock per number (a 10,000-DID document would need
/// 10,000): connectivity writes share one advisory lock, and adding a number to an inventory takes it alone. So an
/// add never misses a document committing the same number at the same moment, and a write never checks an
/// inventory that is being changed under it.
/// </summary>
internal static class InventoryLock
{
    private const long Key = 0x70686f6e655f6e75; // "phone_nu"

    /// <summary>The shared lock, as a statement to send first in a connectivity write's batch.</summary>
    public static (string Sql, object[] Arguments) ForConnectivityWrite => ("SELECT pg_advisory_xact_lock_shared($1)", [Key]);

    public static Task ForInventoryChangeAsync(ConnectivityDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Key})", cancellationToken);
}
