using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Storage;

/// <summary>Names of constraints whose violations the API turns into 409s.</summary>
public static class Constraints
{
    public const string DocumentsPrimaryKey = "pk_connectivity_documents";
    public const string DidsPrimaryKey = "pk_connectivity_dids";
    public const string CredentialsPrimaryKey = "pk_connectivity_credentials";
    public const string IpsPrimaryKey = "pk_connectivity_ips";
}

internal sealed class DocumentRowConfiguration : IEntityTypeConfiguration<DocumentRow>
{
    public void Configure(EntityTypeBuilder<DocumentRow> row)
    {
        row.ToTable("connectivity_documents");
        row.HasKey(d => d.Id).HasName(Constraints.DocumentsPrimaryKey);
        row.Property(d => d.Id).HasColumnName("id").HasMaxLength(32);
        row.Property(d => d.AccountId).HasColumnName("account_id").HasMaxLength(32);
        row.Property(d => d.Body).HasColumnName("body").HasColumnType("jsonb");
        row.Property(d => d.RevisionNumber).HasColumnName("revision_number");
        row.Property(d => d.RevisionHash).HasColumnName("revision_hash").HasMaxLength(32);
        row.Property(d => d.CreatedAt).HasColumnName("created_at");
        row.Property(d => d.ModifiedAt).HasColumnName("modified_at");
        row.Property(d => d.Deleted).HasColumnName("deleted");
        row.Ignore(d => d.Revision);
        // Listing walks one account's live documents in id order (keyset pagination).
        row.HasIndex(d => new { d.AccountId, d.Id }).HasDatabaseName("ix_connectivity_documents_account_live")
            .HasFilter("NOT deleted");
        // filter_* / has_value queries use jsonb containment (@>).
        row.HasIndex(d => d.Body).HasDatabaseName("ix_connectivity_documents_body")
            .HasMethod("gin").HasOperators("jsonb_path_ops");
    }
}

internal sealed class DidRowConfiguration : IEntityTypeConfiguration<DidRow>
{
    public void Configure(EntityTypeBuilder<DidRow> row)
    {
        row.ToTable("connectivity_dids");
        row.HasKey(d => d.Number).HasName(Constraints.DidsPrimaryKey);
        row.Property(d => d.Number).HasColumnName("number").HasMaxLength(32);
        row.Property(d => d.DocumentId).HasColumnName("document_id").HasMaxLength(32);
        row.Property(d => d.AccountId).HasColumnName("account_id").HasMaxLength(32);
        row.Property(d => d.ServerIndex).HasColumnName("server_index");
        row.HasIndex(d => d.DocumentId).HasDatabaseName("ix_connectivity_dids_document");
        row.HasOne<DocumentRow>().WithMany().HasForeignKey(d => d.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CredentialRowConfiguration : IEntityTypeConfiguration<CredentialRow>
{
    public void Configure(EntityTypeBuilder<CredentialRow> row)
    {
        row.ToTable("connectivity_credentials");
        row.HasKey(c => new { c.Realm, c.Username }).HasName(Constraints.CredentialsPrimaryKey);
        row.Property(c => c.Realm).HasColumnName("realm");
        row.Property(c => c.Username).HasColumnName("username");
        row.Property(c => c.DocumentId).HasColumnName("document_id").HasMaxLength(32);
        row.Property(c => c.AccountId).HasColumnName("account_id").HasMaxLength(32);
        row.Property(c => c.ServerIndex).HasColumnName("server_index");
        row.HasIndex(c => c.DocumentId).HasDatabaseName("ix_connectivity_credentials_document");
        row.HasOne<DocumentRow>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IpRowConfiguration : IEntityTypeConfiguration<IpRow>
{
    public void Configure(EntityTypeBuilder<IpRow> row)
    {
        row.ToTable("connectivity_ips");
        row.HasKey(i => i.Address).HasName(Constraints.IpsPrimaryKey);
        row.Property(i => i.Address).HasColumnName("address");
        row.Property(i => i.DocumentId).HasColumnName("document_id").HasMaxLength(32);
        row.Property(i => i.AccountId).HasColumnName("account_id").HasMaxLength(32);
        row.Property(i => i.ServerIndex).HasColumnName("server_index");
        row.HasIndex(i => i.DocumentId).HasDatabaseName("ix_connectivity_ips_document");
        row.HasOne<DocumentRow>().WithMany().HasForeignKey(i => i.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
