using System.Text.RegularExpressions;

namespace Connectivity.Domain.Documents;

/// <summary>Kazoo's identifiers: 32 lowercase hex characters, for accounts and documents alike.</summary>
public static partial class DocumentIds
{
    /// <summary>The format as a JSON Schema (ECMAScript) pattern, the spelling reported to clients.</summary>
    public const string Pattern = "^[0-9a-f]{32}$";

    // \z, not $: in .NET, $ also matches before a final "\n", which would let "<32 hex>\n" through as an id.
    [GeneratedRegex(@"^[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Format();

    public static bool IsValid(string? id) => id is not null && Format().IsMatch(id);

    public static string New() => Guid.NewGuid().ToString("N");
}
