namespace Connectivity.Tests.Infrastructure;

/// <summary>Files of the repository checkout the tests run from, e.g. the spec table or the deployment manifests.</summary>
internal static class RepositoryFile
{
    private static readonly string Root = Connectivity.Api.Commands.RepositoryRoot.Above(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Connectivity.sln.");

    /// <summary>The full path of <paramref name="relativePath"/>, e.g. <c>spec/connectivity.md</c>.</summary>
    public static string Path(string relativePath) => System.IO.Path.Combine(Root, relativePath);
}
