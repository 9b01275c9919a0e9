using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectivity.Api.Lookups;

/// <summary>A row of a lookup table: what it points at in the document it was taken from.</summary>
public abstract class LookupRow
{
    public required string DocumentId { get; init; }
    public required string AccountId { get; init; }
    public int ServerIndex { get; init; }
}

/// <summary>A normalised E.164 number held by a live document; the key makes DIDs unique system-wide.</summary>
public sealed class DidRow : LookupRow
{
    public required string Number { get; init; }
}

/// <summary>The (realm, username) of a password-auth server, both lower-cased for lookup.</summary>
public sealed class CredentialRow : LookupRow
{
    public required string Realm { get; init; }
    public required string Username { get; init; }
}

/// <summary>The canonical source address of an IP-auth server.</summary>
public sealed class IpRow : LookupRow
{
    public required string Address { get; init; }
}

internal sealed class DidRowConfiguration : IEntityTypeConfiguration<DidRow>
{
    public void Configure(EntityTypeBuilder<DidRow> row)
    {
        row.ToTable("connectivity_dids");
        row.HasKey(d => d.Number).HasName("pk_connectivity_dids");
        row.Property(d => d.Number).HasMaxLength(32);
        row.ConfigureLookupColumns("connectivity_dids");
    }
}

internal sealed class CredentialRowConfiguration : IEntityTypeConfiguration<CredentialRow>
{
    public void Configure(EntityTypeBuilder<CredentialRow> row)
    {
        row.ToTable("connectivity_credentials");
        row.HasKey(c => new { c.Realm, c.Username }).HasName("pk_connectivity_credentials");
                        row.ConfigureLookupColumns("connectivity_credentials");
    }
}

internal sealed class IpRowConfiguration : IEntityTypeConfiguration<IpRow>
{
    public void Configure(EntityTypeBuilder<IpRow> row)
    {
        row.ToTable("connectivity_ips");
        row.HasKey(i => i.Address).HasName("pk_connectivity_ips");
        row.ConfigureLookupColumns("connectivity_ips");
    }
}

internal static class LookupRowConfiguration
{
    /// <summary>
    /// The columns every lookup table shares. No foreign key to the document: a document row is never deleted (a delete
    /// is soft, and its lookup rows go in the same transaction), and checking the key row by row was most of the time
    /// PostgreSQL took to store a large document's numbers.
    /// </summary>
    public static void ConfigureLookupColumns<TRow>(this EntityTypeBuilder<TRow> row, string table) where TRow : LookupRow
    {
        row.Property(r => r.DocumentId).HasMaxLength(32);
        row.Property(r => r.AccountId).HasMaxLength(32);
        row.HasIndex(r => r.DocumentId).HasDatabaseName($"ix_{table}_document");
    }
}
