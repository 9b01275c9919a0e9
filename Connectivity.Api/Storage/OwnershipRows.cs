namespace Connectivity.Api.Storage;

/// <summary>
/// A number in an account's inventory (Kazoo's <c>phone_numbers</c>): the account it is assigned to, and whether a
/// connectivity document routes it. The key makes a number belong to one account at a time.
/// </summary>
public sealed class PhoneNumberRow
{
    public const string InService = "in_service";
    public const string UsedByTrunkstore = "trunkstore";

    /// <summary>The number in E.164.</summary>
    public required string Number { get; init; }
    public required string AccountId { get; init; }
    public required string State { get; set; }
    /// <summary><c>trunkstore</c> while a live connectivity document routes the number, else null.</summary>
    public string? UsedBy { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The SIP realm (lower-cased) a live document names in <c>account.auth_realm</c>, and the document's account.</summary>
public sealed class RealmRow
{
    public required string DocumentId { get; init; }
    public required string AccountId { get; init; }
    public required string Realm { get; init; }
}
