namespace Connectivity.Api.Commands;

/// <summary>The repository checkout a command or a test runs in: the nearest folder holding <c>Connectivity.sln</c>.</summary>
internal static class RepositoryRoot
{
    /// <summary>The nearest folder at or above <paramref name="folder"/> that holds <c>Connectivity.sln</c>, or null outside a checkout.</summary>
    public static string? Above(string folder)
    {
        for (var candidate = new DirectoryInfo(folder); candidate is not null; candidate = candidate.Parent)
            if (File.Exists(Path.Combine(candidate.FullName, "Connectivity.sln"))) return candidate.FullName;
        return null;
    }
}
