using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Storage;

internal sealed class DocumentRowConfiguration : IEntityTypeConfiguration<DocumentRow>
{
    public void Configure(EntityTypeBuilder<DocumentRow> row)
    {
        row.ToTable("connectivity_documents");
        row.HasKey(d => d.Id).HasName("pk_connectivity_documents");
        row.Property(d => d.Id).HasMaxLength(32);
        row.Property(d => d.AccountId).HasMaxLength(32);
        row.Property(d => d.Body).HasColumnType("jsonb");
        row.Property(d => d.RevisionHash).HasMaxLength(32);
                                row.Ignore(d => d.Revision);
        // Serves fetch, the write lock and listing: one account's live documents in id order (keyset pagination);
        // filters are evaluated on the account's rows it yields, so no index on the body is needed.
        row.HasIndex(d => new { d.AccountId, d.Id }).HasDatabaseName("ix_connectivity_documents_account_live")
            .HasFilter("NOT deleted");
    }
}

internal sealed class RevisionRowConfiguration : IEntityTypeConfiguration<RevisionRow>
{
    public void Configure(EntityTypeBuilder<RevisionRow> row)
    {
        row.ToTable("connectivity_revisions");
        // The key serves both reads: one document's history newest first, and one revision of it.
        row.HasKey(r => new { r.DocumentId, r.RevisionNumber }).HasName("pk_connectivity_revisions");
        row.Property(r => r.DocumentId).HasMaxLength(32);
        row.Property(r => r.RevisionHash).HasMaxLength(32);
        row.Property(r => r.Operation).HasMaxLength(16);
        row.Property(r => r.Body).HasColumnType("jsonb");
        row.Ignore(r => r.Revision);
        row.HasOne<DocumentRow>().WithMany().HasForeignKey(r => r.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
