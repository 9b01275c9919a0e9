namespace Connectivity.Api.Ownership;

/// <summary>Who may route which number (section <c>Connectivity:Numbers</c>).</summary>
public sealed class NumberOptions
{
    public const string Section = "Connectivity:Numbers";

    /// <summary>
    /// When true, an account token may route only numbers in its own account's inventory; when false (Kazoo's
    /// behaviour), numbers in no inventory are accepted too. Numbers in another account's inventory are refused
    /// either way; super-duper admins may route any number.
    /// </summary>
    public bool RequireInventory { get; set; }
}
