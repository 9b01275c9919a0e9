using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// One account's <c>Idempotency-Key</c>: claimed by the request running under it, then completed, in the write's own
/// transaction, with the response a retry replays. Written and read only by <see cref="IdempotencyRecords"/>.
/// </summary>
public sealed class IdempotencyRecordRow
{
    public required string AccountId { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of the request the key was first used with (<see cref="RequestFingerprint"/>).</summary>
    public required byte[] Fingerprint { get; init; }
    /// <summary>The service instance that claimed the key (<see cref="RunningClaims.Instance"/>).</summary>
    public Guid Owner { get; init; }
    /// <summary>This claim; a takeover replaces it, so a request whose claim was taken over cannot complete it.</summary>
    public Guid Claim { get; init; }
    public DateTimeOffset LeaseUntil { get; init; }
    /// <summary>Null while the request runs; set by the commit of its write.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>When the record stops counting and is purged.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
    public int? StatusCode { get; init; }
    /// <summary>The response envelope as first sent, without the caller's <c>auth_token</c>.</summary>
    public string? Body { get; init; }
    public string? ETag { get; init; }
    public string? Location { get; init; }
}

internal sealed class IdempotencyRecordRowConfiguration : IEntityTypeConfiguration<IdempotencyRecordRow>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecordRow> row)
    {
        row.ToTable("connectivity_idempotency_keys");
        row.HasKey(r => new { r.AccountId, r.Key }).HasName("pk_connectivity_idempotency_keys");
        row.HasIndex(r => r.ExpiresAt).HasDatabaseName("ix_connectivity_idempotency_keys_expires_at");
        row.Property(r => r.AccountId).HasMaxLength(32);
        row.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxLength);
        row.Property(r => r.ETag).HasColumnName("etag");
    }
}
