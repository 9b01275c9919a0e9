using System.Diagnostics;
using Connectivity.Tests.Infrastructure;

namespace Connectivity.Tests.Contract;

/// <summary>
/// The client under Contract/Client is what Kiota (pinned in dotnet-tools.json) generates from the committed document
/// today: a change to the document that a generated client would see fails here until the client is regenerated.
/// </summary>
public sealed class GeneratedClientTests : IDisposable
{
    /// <summary>Run from the repository root; the README gives the same command.</summary>
    public const string GenerateArguments =
        "kiota generate -l CSharp -d spec/openapi.json -c ConnectivityClient -n Connectivity.Tests.Contract.Client " +
        "--include-path /v2/** --exclude-backward-compatible -o ";

    private const string CommittedClient = "Connectivity.Tests/Contract/Client";

    private readonly string _folder = Directory.CreateTempSubdirectory("connectivity-kiota-").FullName;

    [Fact]
    public async Task Kiota_generates_the_committed_client_from_the_committed_document()
    {
        var generated = Path.Combine(_folder, "Client");
        var (exitCode, output) = await RunAsync("dotnet", "tool run " + GenerateArguments + generated);
        Assert.True(exitCode == 0, $"kiota failed (run `dotnet tool restore` first):\n{output}");

        var expected = SourceFiles(RepositoryFile.Path(CommittedClient));
        var actual = SourceFiles(generated);
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
            $"Generated files differ: only committed {string.Join(", ", expected.Keys.Except(actual.Keys))}; only generated {string.Join(", ", actual.Keys.Except(expected.Keys))}. " +
            $"Regenerate with `dotnet {GenerateArguments}{CommittedClient} --clean-output`.");
        foreach (var (path, text) in expected)
            Assert.True(text == actual[path], $"{path} differs from what Kiota generates; regenerate with `dotnet {GenerateArguments}{CommittedClient} --clean-output`.");
    }

    private static Dictionary<string, string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllText);

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = RepositoryFile.Path("."),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No update check against the internet: CI has none.
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
