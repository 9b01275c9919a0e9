using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Changes;

/// <summary>
/// One committed write of something a lookup reads (a connectivity document, a phone number), appended by a trigger
/// in the write's own transaction. Positions follow commit order with no gaps: see <see cref="ChangeLog"/>.
/// </summary>
public sealed class ChangeRow
{
    public const string Connectivity = "connectivity";
    public const string PhoneNumber = "phone_number";

    public long Position { get; init; }
    public required string AccountId { get; init; }
    /// <summary><see cref="Connectivity"/> or <see cref="PhoneNumber"/>.</summary>
    public required string DocumentType { get; init; }
    /// <summary>The connectivity document's id, or the phone number in E.164.</summary>
    public required string DocumentId { get; init; }
    /// <summary>The document's revision number after the write; null for phone numbers.</summary>
    public int? Revision { get; init; }
    /// <summary><c>create</c>, <c>replace</c>, <c>patch</c>, <c>delete</c> (documents); <c>insert</c>, <c>update</c>, <c>delete</c> (numbers).</summary>
    public required string Operation { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
}

/// <summary>The log's single counter row: the position of the last committed change.</summary>
public sealed class ChangeHeadRow
{
    public int Id { get; init; }
    public long Position { get; init; }
}

internal sealed class ChangeRowConfiguration : IEntityTypeConfiguration<ChangeRow>
{
    public void Configure(EntityTypeBuilder<ChangeRow> row)
    {
        row.ToTable("connectivity_changes");
        row.HasKey(c => c.Position).HasName("pk_connectivity_changes");
        // An account's change feed reads the account's entries after a position, in order.
        row.HasIndex(c => new { c.AccountId, c.Position }).HasDatabaseName("ix_connectivity_changes_account_position");
        row.Property(c => c.Position).ValueGeneratedNever();
        row.Property(c => c.AccountId).HasMaxLength(32);
        row.Property(c => c.DocumentType).HasMaxLength(16);
        row.Property(c => c.DocumentId).HasMaxLength(32);
        row.Property(c => c.Operation).HasMaxLength(16);
            }
}

internal sealed class ChangeHeadRowConfiguration : IEntityTypeConfiguration<ChangeHeadRow>
{
    public void Configure(EntityTypeBuilder<ChangeHeadRow> row)
    {
        row.ToTable("connectivity_change_head", table => table.HasCheckConstraint("ck_connectivity_change_head_single", "id = 1"));
        row.HasKey(h => h.Id).HasName("pk_connectivity_change_head");
        row.Property(h => h.Id).ValueGeneratedNever();
        row.HasData(new ChangeHeadRow { Id = 1, Position = 0 });
    }
}
