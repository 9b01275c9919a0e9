using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Storage;

internal sealed class DocumentRowConfiguration : IEntityTypeConfiguration<DocumentRow>
{
    public void Configure(EntityTypeBuilder<DocumentRow> row)
    {
        row.ToTable("connectivity_documents");
        row.HasKey(d => d.Id).HasName("pk_connectivity_documents");
        row.Property(d => d.Id).HasColumnName("id").HasMaxLength(32);
        row.Property(d => d.AccountId).HasColumnName("account_id").HasMaxLength(32);
        row.Property(d => d.Body).HasColumnName("body").HasColumnType("jsonb");
        row.Property(d => d.RevisionNumber).HasColumnName("revision_number");
        row.Property(d => d.RevisionHash).HasColumnName("revision_hash").HasMaxLength(32);
        row.Property(d => d.CreatedAt).HasColumnName("created_at");
        row.Property(d => d.ModifiedAt).HasColumnName("modified_at");
        row.Property(d => d.Deleted).HasColumnName("deleted");
        row.Ignore(d => d.Revision);
        // Serves fetch, the write lock and listing: one account's live documents in id order (keyset pagination);
        // filters are evaluated on the account's rows it yields, so no index on the body is needed.
        row.HasIndex(d => new { d.AccountId, d.Id }).HasDatabaseName("ix_connectivity_documents_account_live")
            .HasFilter("NOT deleted");
    }
}

internal sealed class DidRowConfiguration : IEntityTypeConfiguration<DidRow>
{
    public void Configure(EntityTypeBuilder<DidRow> row)
    {
        row.ToTable("connectivity_dids");
        row.HasKey(d => d.Number).HasName("pk_connectivity_dids");
        row.Property(d => d.Number).HasColumnName("number").HasMaxLength(32);
        row.ConfigureLookupColumns("connectivity_dids");
    }
}

internal sealed class CredentialRowConfiguration : IEntityTypeConfiguration<CredentialRow>
{
    public void Configure(EntityTypeBuilder<CredentialRow> row)
    {
        row.ToTable("connectivity_credentials");
        row.HasKey(c => new { c.Realm, c.Username }).HasName("pk_connectivity_credentials");
        row.Property(c => c.Realm).HasColumnName("realm");
        row.Property(c => c.Username).HasColumnName("username");
        row.ConfigureLookupColumns("connectivity_credentials");
    }
}

internal sealed class IpRowConfiguration : IEntityTypeConfiguration<IpRow>
{
    public void Configure(EntityTypeBuilder<IpRow> row)
    {
        row.ToTable("connectivity_ips");
        row.HasKey(i => i.Address).HasName("pk_connectivity_ips");
        row.Property(i => i.Address).HasColumnName("address");
        row.ConfigureLookupColumns("connectivity_ips");
    }
}

internal sealed class RevisionRowConfiguration : IEntityTypeConfiguration<RevisionRow>
{
    public void Configure(EntityTypeBuilder<RevisionRow> row)
    {
        row.ToTable("connectivity_revisions");
        // The key serves both reads: one document's history newest first, and one revision of it.
        row.HasKey(r => new { r.DocumentId, r.RevisionNumber }).HasName("pk_connectivity_revisions");
        row.Property(r => r.DocumentId).HasColumnName("document_id").HasMaxLength(32);
        row.Property(r => r.RevisionNumber).HasColumnName("revision_number");
        row.Property(r => r.RevisionHash).HasColumnName("revision_hash").HasMaxLength(32);
        row.Property(r => r.Operation).HasColumnName("operation").HasMaxLength(16);
        row.Property(r => r.Body).HasColumnName("body").HasColumnType("jsonb");
        row.Property(r => r.WrittenAt).HasColumnName("written_at");
        row.Ignore(r => r.Revision);
        row.HasOne<DocumentRow>().WithMany().HasForeignKey(r => r.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal static class LookupRowConfiguration
{
    /// <summary>The columns every lookup table shares; its rows go when their document row goes.</summary>
    public static void ConfigureLookupColumns<TRow>(this EntityTypeBuilder<TRow> row, string table) where TRow : LookupRow
    {
        row.Property(r => r.DocumentId).HasColumnName("document_id").HasMaxLength(32);
        row.Property(r => r.AccountId).HasColumnName("account_id").HasMaxLength(32);
        row.Property(r => r.ServerIndex).HasColumnName("server_index");
        row.HasIndex(r => r.DocumentId).HasDatabaseName($"ix_{table}_document");
        row.HasOne<DocumentRow>().WithMany().HasForeignKey(r => r.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
