using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Storage;

public sealed class ConnectivityDbContext(DbContextOptions<ConnectivityDbContext> options) : DbContext(options)
{
    public DbSet<DocumentRow> Documents => Set<DocumentRow>();
    public DbSet<DidRow> Dids => Set<DidRow>();
    public DbSet<CredentialRow> Credentials => Set<CredentialRow>();
    public DbSet<IpRow> Ips => Set<IpRow>();
    public DbSet<RevisionRow> Revisions => Set<RevisionRow>();
    public DbSet<PhoneNumberRow> PhoneNumbers => Set<PhoneNumberRow>();
    public DbSet<RealmRow> Realms => Set<RealmRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ConnectivityDbContext).Assembly);
}
