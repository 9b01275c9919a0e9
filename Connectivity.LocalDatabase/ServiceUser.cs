using Microsoft.Extensions.Logging;

namespace Connectivity.LocalDatabase;

/// <summary>
/// PostgreSQL refuses to run as root: started by root, the cluster belongs to the <c>postgres</c> user, its tools run
/// through <c>runuser</c>, and that user must be able to reach the cluster's folder.
/// </summary>
internal static class ServiceUser
{
    public const string Name = "postgres";

    private static bool RunsAsRoot => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>Runs one of the PostgreSQL tools, as the <c>postgres</c> user when this process is root.</summary>
    public static Task<ToolResult> RunAsync(PostgresBinaries binaries, string tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunsAsRoot
            ? ToolProcess.RunAsync("runuser", ["-u", Name, "--", binaries.Tool(tool), .. arguments], timeout, cancellationToken)
            : ToolProcess.RunAsync(binaries.Tool(tool), arguments, timeout, cancellationToken);

    /// <summary>As root: gives <paramref name="dataDirectory"/> to the <c>postgres</c> user and lets it traverse every parent folder.</summary>
    public static async Task MakeReachableAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        if (!RunsAsRoot || OperatingSystem.IsWindows())
            return;

        await HandOverAsync(dataDirectory, recursive: true, cancellationToken);
        for (var parent = Directory.GetParent(dataDirectory); parent is not null; parent = parent.Parent)
        {
            var mode = File.GetUnixFileMode(parent.FullName);
            if (mode.HasFlag(UnixFileMode.OtherExecute))
                continue;
            logger.LogInformation("Letting the postgres user traverse {Directory}", parent.FullName);
            File.SetUnixFileMode(parent.FullName, mode | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>As root: makes the <c>postgres</c> user the owner of <paramref name="path"/>, a file this process wrote into the cluster.</summary>
    public static async Task HandOverAsync(string path, bool recursive, CancellationToken cancellationToken)
    {
        if (!RunsAsRoot)
            return;
        List<string> arguments = recursive ? ["-R", $"{Name}:", path] : [$"{Name}:", path];
        var result = await ToolProcess.RunAsync("chown", arguments, TimeSpan.FromMinutes(1), cancellationToken);
        if (result.ExitCode != 0)
            throw new LocalPostgresException(
                $"Could not give '{path}' to the '{Name}' user, which PostgreSQL needs when started by root " +
                $"(installing postgresql-15 creates that user): {result.Output.Trim()}");
    }
}
