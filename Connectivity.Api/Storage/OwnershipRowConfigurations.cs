using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Storage;

internal sealed class PhoneNumberRowConfiguration : IEntityTypeConfiguration<PhoneNumberRow>
{
    public void Configure(EntityTypeBuilder<PhoneNumberRow> row)
    {
        row.ToTable("phone_numbers");
        row.HasKey(n => n.Number).HasName("pk_phone_numbers");
        row.Property(n => n.Number).HasMaxLength(32);
        row.Property(n => n.AccountId).HasMaxLength(32);
        row.Property(n => n.State).HasMaxLength(32);
        row.Property(n => n.UsedBy).HasMaxLength(32);
                        // Serves the account's listing in number order.
        row.HasIndex(n => new { n.AccountId, n.Number }).HasDatabaseName("ix_phone_numbers_account");
    }
}

internal sealed class RealmRowConfiguration : IEntityTypeConfiguration<RealmRow>
{
    public void Configure(EntityTypeBuilder<RealmRow> row)
    {
        row.ToTable("connectivity_realms");
        // A document names at most one realm (account.auth_realm).
        row.HasKey(r => r.DocumentId).HasName("pk_connectivity_realms");
        row.Property(r => r.DocumentId).HasMaxLength(32);
        row.Property(r => r.AccountId).HasMaxLength(32);
                // A hash index compares realms of any length: a B-tree entry has a size limit a client could exceed.
        row.HasIndex(r => r.Realm).HasDatabaseName("ix_connectivity_realms_realm").HasMethod("hash");
        row.HasOne<DocumentRow>().WithMany().HasForeignKey(r => r.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
