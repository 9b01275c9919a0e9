using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectivity.LocalDatabase;

/// <summary>
/// What a killed run leaves in a data directory: either its server still running (<c>pg_ctl</c> detaches it) or a
/// <c>postmaster.pid</c> whose process id may since belong to an unrelated process, which makes PostgreSQL refuse to start.
/// </summary>
internal static class LeftoverServer
{
    /// <summary>Stops a server that a killed process left running on <paramref name="dataDirectory"/>, or removes its stale <c>postmaster.pid</c>.</summary>
    public static async Task StopAsync(string dataDirectory, string? binariesDirectory = null, CancellationToken cancellationToken = default) =>
        await StopAsync(Path.GetFullPath(dataDirectory), await PostgresBinaries.FindAsync(binariesDirectory, cancellationToken), NullLogger.Instance, cancellationToken);

    internal static async Task StopAsync(string dataDirectory, PostgresBinaries binaries, ILogger logger, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
            return;

        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        if (int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsPostgresProcess(pid))
        {
            logger.LogWarning("A PostgreSQL server (pid {Pid}) left by an earlier run is using {DataDirectory}; stopping it", pid, dataDirectory);
            var result = await ServiceUser.RunAsync(
                binaries, "pg_ctl", ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"], TimeSpan.FromSeconds(70), cancellationToken);
            if (result.ExitCode != 0 && File.Exists(pidFile))
                throw new LocalPostgresException(
                    $"A PostgreSQL server (pid {pid}) left by an earlier run holds '{dataDirectory}' and did not stop: {result.Output.Trim()}");
            return;
        }

        logger.LogWarning("Removing a stale postmaster.pid from {DataDirectory}", dataDirectory);
        File.Delete(pidFile);
    }

    private static bool IsPostgresProcess(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.ProcessName.Contains("postgres", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
