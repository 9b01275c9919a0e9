using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Storage;

/// <summary>
/// The service's tables. The lookup tables have no set here: they are configured beside their one owner,
/// <see cref="Lookups.LookupTables"/>, which alone writes and reads them.
/// </summary>
public sealed class ConnectivityDbContext : DbContext
{
    public ConnectivityDbContext(DbContextOptions<ConnectivityDbContext> options) : base(options) =>
        // A write that fails inside its transaction is rolled back whole, never resumed, so the savepoint EF Core would
        // wrap around each SaveChanges is two round trips that buy nothing.
        Database.AutoSavepointsEnabled = false;

    public DbSet<DocumentRow> Documents => Set<DocumentRow>();
    public DbSet<RevisionRow> Revisions => Set<RevisionRow>();
    public DbSet<PhoneNumberRow> PhoneNumbers => Set<PhoneNumberRow>();
    public DbSet<RealmRow> Realms => Set<RealmRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ConnectivityDbContext).Assembly);
}
