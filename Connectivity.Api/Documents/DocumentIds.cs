using System.Text.RegularExpressions;

namespace Connectivity.Api.Documents;

/// <summary>Kazoo's identifiers: 32 lowercase hex characters, for accounts and documents alike.</summary>
public static partial class DocumentIds
{
    public const string Pattern = "^[0-9a-f]{32}$";

    [GeneratedRegex(Pattern)]
    private static partial Regex Format();

    public static bool IsValid(string? id) => id is not null && Format().IsMatch(id);

    public static string New() => Guid.NewGuid().ToString("N");
}
