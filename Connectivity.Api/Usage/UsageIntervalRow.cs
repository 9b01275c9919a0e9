using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Usage;

/// <summary>
/// One billable thing of one document and the time it was live: from the write that brought it until the write that
/// took it away (<see cref="LiveUntil"/> null while it is still live). Written by <see cref="UsageRecorder"/> in the
/// document write's own transaction, never pruned, so invoices do not depend on the revision history.
/// </summary>
public sealed class UsageIntervalRow
{
    public long Id { get; init; }
    public required string AccountId { get; init; }
    public required string DocumentId { get; init; }
    /// <summary>One of the <see cref="UsageKinds"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>What is live: the digest of the set of numbers, the server's position, the trunk count, the document's revision.</summary>
    public required string Item { get; init; }
    /// <summary>The trunk count, the revision number for a document, how many numbers for a set of them; 1 for a server.</summary>
    public int Quantity { get; init; }
    /// <summary>For <see cref="UsageKinds.Dids"/>: the document's numbers in E.164, sorted.</summary>
    public string[]? Numbers { get; init; }
    public DateTimeOffset LiveFrom { get; init; }
    public DateTimeOffset? LiveUntil { get; init; }
}

/// <summary>The kinds of <see cref="UsageIntervalRow"/>.</summary>
public static class UsageKinds
{
    public const string Document = "document";
    /// <summary>The set of a document's numbers, one row while it stays the same.</summary>
    public const string Dids = "dids";
    public const string Server = "server";
    public const string Trunks = "trunks";
    public const string InboundTrunks = "inbound_trunks";
    public const string OutboundTrunks = "outbound_trunks";
}

internal sealed class UsageIntervalRowConfiguration : IEntityTypeConfiguration<UsageIntervalRow>
{
    public void Configure(EntityTypeBuilder<UsageIntervalRow> row)
    {
        row.ToTable("connectivity_usage");
        row.HasKey(u => u.Id).HasName("pk_connectivity_usage");
        row.Property(u => u.Id).UseIdentityAlwaysColumn();
        row.Property(u => u.AccountId).HasMaxLength(32);
        row.Property(u => u.DocumentId).HasMaxLength(32);
        row.Property(u => u.Kind).HasMaxLength(16);
        row.Property(u => u.Item).HasMaxLength(64);
        // A write compares the document's open intervals with what it now holds; one open interval per thing.
        row.HasIndex(u => new { u.DocumentId, u.Kind, u.Item }).IsUnique().HasDatabaseName("ux_connectivity_usage_open")
            .HasFilter("live_until IS NULL");
        // The account's report and as_of read the account's intervals that began before the period's end.
        row.HasIndex(u => new { u.AccountId, u.LiveFrom }).HasDatabaseName("ix_connectivity_usage_account_from");
    }
}
