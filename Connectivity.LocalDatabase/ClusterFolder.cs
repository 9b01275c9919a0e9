using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Connectivity.LocalDatabase;

/// <summary>
/// A cluster's data directory: created with <c>initdb</c> (trust authentication, 127.0.0.1 only) when missing, and
/// given the listening settings of each start in a file of its own that <c>postgresql.conf</c> includes.
/// </summary>
internal sealed class ClusterFolder(string path, PostgresBinaries binaries, ILogger logger)
{
    private const string SettingsFile = "connectivity.conf";

    public string Path { get; } = path;

    /// <summary>Where the server writes its log, which <see cref="LogTail"/> quotes in errors.</summary>
    public string LogFile => System.IO.Path.Combine(Path, "postgres.log");

    public string PidFile => System.IO.Path.Combine(Path, "postmaster.pid");

    /// <summary>Runs <c>initdb</c> on a missing or empty folder; checks that an existing cluster matches the binaries.</summary>
    public async Task InitialiseAsync(bool durable, CancellationToken cancellationToken)
    {
        var versionFile = System.IO.Path.Combine(Path, "PG_VERSION");
        if (File.Exists(versionFile))
        {
            var clusterMajor = (await File.ReadAllTextAsync(versionFile, cancellationToken)).Trim();
            if (clusterMajor != binaries.Major)
                throw new LocalPostgresException(
                    $"'{Path}' holds a PostgreSQL {clusterMajor} cluster but the binaries in '{binaries.Directory}' are PostgreSQL {binaries.Version}; " +
                    "install the matching version or move the folder away to start afresh.");
            await ServiceUser.MakeReachableAsync(Path, logger, cancellationToken);
            return;
        }

        if (Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any())
            throw new LocalPostgresException($"'{Path}' is neither empty nor a PostgreSQL data directory; choose another folder.");

        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await ServiceUser.MakeReachableAsync(Path, logger, cancellationToken);

        logger.LogInformation("Initialising a PostgreSQL {Version} cluster in {DataDirectory}", binaries.Version, Path);
        List<string> arguments = ["-D", Path, "-U", ServiceUser.Name, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions"];
        if (!durable)
            arguments.Add("--no-sync");
        var result = await ServiceUser.RunAsync(binaries, "initdb", arguments, TimeSpan.FromMinutes(2), cancellationToken);
        if (result.ExitCode != 0)
            throw new LocalPostgresException($"initdb failed for '{Path}': {result.Output.Trim()}");

        var hba = System.IO.Path.Combine(Path, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, "local all all trust\nhost all all 127.0.0.1/32 trust\n", cancellationToken);
        await File.AppendAllTextAsync(System.IO.Path.Combine(Path, "postgresql.conf"), $"\ninclude_if_exists = '{SettingsFile}'\n", cancellationToken);
        await ServiceUser.HandOverAsync(hba, recursive: false, cancellationToken);
    }

    /// <summary>Writes the port, the listening address and, for a throwaway cluster, the settings that trade crash safety for speed.</summary>
    public async Task WriteSettingsAsync(int port, bool durable, CancellationToken cancellationToken)
    {
        var settings = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port = {port}")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("max_connections = 200");

        // A socket path longer than the kernel's sun_path limit (107 bytes) makes the server refuse to start.
        var socketPath = System.IO.Path.Combine(Path, $".s.PGSQL.{port}");
        settings.AppendLine(socketPath.Length < 100 ? $"unix_socket_directories = '{Escape(Path)}'" : "unix_socket_directories = ''");

        if (!durable)
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");

        var file = System.IO.Path.Combine(Path, SettingsFile);
        await File.WriteAllTextAsync(file, settings.ToString(), cancellationToken);
        await ServiceUser.HandOverAsync(file, recursive: false, cancellationToken);

        static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
    }

    /// <summary>The last lines of the server's log, to append to an error, or nothing when there is no log.</summary>
    public string LogTail()
    {
        if (!File.Exists(LogFile))
            return "";
        var tail = File.ReadLines(LogFile).TakeLast(15).ToList();
        return tail.Count == 0 ? "" : $"\nLast lines of {LogFile}:\n{string.Join('\n', tail)}";
    }
}
