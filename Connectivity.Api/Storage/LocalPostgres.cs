using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Connectivity.Api.Storage;

/// <summary>Where and how <see cref="LocalPostgres"/> runs its cluster.</summary>
public sealed record LocalPostgresOptions
{
    /// <summary>Cluster folder: initialised when missing or empty, reused as it is otherwise.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Application database, created when missing.</summary>
    public string Database { get; init; } = "connectivity";

    /// <summary>Folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>; when null they are looked for on PATH, then in the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public string? BinariesDirectory { get; init; }

    /// <summary>When false, trades crash safety for speed: <c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> off (a clean stop still keeps every write).</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Deletes <see cref="DataDirectory"/> when the launcher is disposed.</summary>
    public bool DeleteOnDispose { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>A cluster that keeps its data between runs, e.g. <c>.data/postgres</c> under the content root.</summary>
    public static LocalPostgresOptions Persistent(string dataDirectory, string database = "connectivity") =>
        new() { DataDirectory = Path.GetFullPath(dataDirectory), Database = database };

    /// <summary>A fast cluster in a new temporary folder, deleted on dispose.</summary>
    public static LocalPostgresOptions Temporary(string database = "connectivity") =>
        new()
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "connectivity-postgres-" + Guid.NewGuid().ToString("N")[..12]),
            Database = database,
            Durable = false,
            DeleteOnDispose = true,
        };
}

/// <summary>The local cluster could not be found, initialised, started or stopped.</summary>
public sealed class LocalPostgresException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs a PostgreSQL cluster from the machine's own binaries, listening on 127.0.0.1 only with trust
/// authentication: the service's development default and the test suite's server when no other is given.
/// </summary>
public sealed partial class LocalPostgres : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private const string SettingsFile = "connectivity.conf";
    private const string LogFile = "postgres.log";
    private const string BinariesMissingHint =
        "install postgresql-15 (apt-get install postgresql-15) or use an existing server " +
        "(ConnectionStrings__Connectivity for the service, CONNECTIVITY_TEST_CONNECTION_STRING for the tests)";

    private readonly LocalPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _running;
    private bool _disposed;

    private LocalPostgres(LocalPostgresOptions options, string binariesDirectory, string version, int port)
    {
        _options = options;
        _logger = options.Logger;
        BinariesDirectory = binariesDirectory;
        Version = version;
        Port = port;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        AdminConnectionString = BuildConnectionString(port, "postgres", pooling: false);
        ConnectionString = BuildConnectionString(port, options.Database, pooling: true);
    }

    /// <summary>Port on 127.0.0.1, fixed for the lifetime of this instance (kept across <see cref="StopAsync"/>/<see cref="StartAsync"/>).</summary>
    public int Port { get; }

    public string DataDirectory { get; }

    public string BinariesDirectory { get; }

    /// <summary>Server version as its binaries report it, e.g. <c>15.18</c>.</summary>
    public string Version { get; }

    /// <summary>The application database: <c>Host=127.0.0.1;Port=…;Username=postgres;Database=…</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The <c>postgres</c> maintenance database, without pooling, for creating and dropping databases.</summary>
    public string AdminConnectionString { get; }

    public bool IsRunning => _running;

    /// <summary>Finds the binaries, initialises the cluster if needed, starts it on a free port and creates the application database.</summary>
    public static async Task<LocalPostgres> LaunchAsync(LocalPostgresOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsWindows())
            throw new LocalPostgresException(
                "The local PostgreSQL launcher runs on Linux and macOS only; use an existing server " +
                "(ConnectionStrings__Connectivity for the service, CONNECTIVITY_TEST_CONNECTION_STRING for the tests).");
        if (!DatabaseName().IsMatch(options.Database))
            throw new ArgumentException($"'{options.Database}' is not a plain database name (letters, digits, underscores).", nameof(options));

        var binaries = FindBinaries(options.BinariesDirectory);
        var version = await ReadVersionAsync(binaries, cancellationToken);
        var server = new LocalPostgres(options, binaries, version, FreeLoopbackPort());
        try
        {
            await server.InitialiseAsync(cancellationToken);
            await server.StartAsync(cancellationToken);
            await server.EnsureDatabaseAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the stopped cluster again on the same port with the same data.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
                return;

            await StopLeftoverServerAsync(cancellationToken);
            WriteSettings();
            var timeoutSeconds = ((int)Math.Ceiling(_options.StartTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var result = await RunAsync(
                "pg_ctl",
                ["start", "-D", DataDirectory, "-l", Path.Combine(DataDirectory, LogFile), "-w", "-t", timeoutSeconds, "-s"],
                _options.StartTimeout + TimeSpan.FromSeconds(10),
                cancellationToken);
            if (result.ExitCode != 0)
                throw new LocalPostgresException(
                    $"PostgreSQL did not start from '{DataDirectory}' on port {Port}: {result.Output.Trim()}{LogTail()}");

            _running = true;
            await WaitUntilAcceptingConnectionsAsync(cancellationToken);
            _logger.LogInformation("PostgreSQL {Version} listening on 127.0.0.1:{Port}, data in {DataDirectory}", Version, Port, DataDirectory);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the cluster, disconnecting every client; data and port are kept for <see cref="StartAsync"/>.
    /// <c>pg_ctl stop -m fast</c> by default; with <paramref name="immediate"/>, <c>-m immediate</c>: the server quits
    /// at once without a shutdown checkpoint, the way it would if it crashed, and recovers from its WAL on the next start.
    /// </summary>
    public async Task StopAsync(bool immediate = false, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync(immediate ? "immediate" : "fast", cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            try
            {
                await StopCoreAsync("fast", CancellationToken.None);
            }
            finally
            {
                if (_options.DeleteOnDispose && Directory.Exists(DataDirectory))
                    Directory.Delete(DataDirectory, recursive: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopCoreAsync(string mode, CancellationToken cancellationToken)
    {
        if (!_running)
            return;

        // Someone else (a later launcher on the same folder) may already have stopped it.
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            var result = await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "60", "-s"], TimeSpan.FromSeconds(70), cancellationToken);
            if (result.ExitCode != 0 && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                throw new LocalPostgresException($"PostgreSQL in '{DataDirectory}' did not stop: {result.Output.Trim()}");
        }

        _running = false;
        _logger.LogInformation("PostgreSQL on 127.0.0.1:{Port} stopped", Port);
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        var versionFile = Path.Combine(DataDirectory, "PG_VERSION");
        if (File.Exists(versionFile))
        {
            var clusterMajor = File.ReadAllText(versionFile).Trim();
            var binariesMajor = Version.Split('.')[0];
            if (clusterMajor != binariesMajor)
                throw new LocalPostgresException(
                    $"'{DataDirectory}' holds a PostgreSQL {clusterMajor} cluster but the binaries in '{BinariesDirectory}' are PostgreSQL {Version}; " +
                    "install the matching version or move the folder away to start afresh.");
            MakeReachableByServiceUser();
            return;
        }

        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
            throw new LocalPostgresException($"'{DataDirectory}' is neither empty nor a PostgreSQL data directory; choose another folder.");

        Directory.CreateDirectory(DataDirectory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        MakeReachableByServiceUser();

        _logger.LogInformation("Initialising a PostgreSQL {Version} cluster in {DataDirectory}", Version, DataDirectory);
        List<string> arguments = ["-D", DataDirectory, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions"];
        if (!_options.Durable)
            arguments.Add("--no-sync");
        var result = await RunAsync("initdb", arguments, TimeSpan.FromMinutes(2), cancellationToken);
        if (result.ExitCode != 0)
            throw new LocalPostgresException($"initdb failed for '{DataDirectory}': {result.Output.Trim()}");

        await File.WriteAllTextAsync(
            Path.Combine(DataDirectory, "pg_hba.conf"),
            "local all all trust\nhost all all 127.0.0.1/32 trust\n",
            cancellationToken);
        await File.AppendAllTextAsync(
            Path.Combine(DataDirectory, "postgresql.conf"),
            $"\ninclude_if_exists = '{SettingsFile}'\n",
            cancellationToken);
        HandOver(Path.Combine(DataDirectory, "pg_hba.conf"));
    }

    private void WriteSettings()
    {
        var settings = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("max_connections = 200");

        // A socket path longer than the kernel's sun_path limit (107 bytes) makes the server refuse to start.
        var socketPath = Path.Combine(DataDirectory, $".s.PGSQL.{Port}");
        settings.AppendLine(socketPath.Length < 100 ? $"unix_socket_directories = '{Escape(DataDirectory)}'" : "unix_socket_directories = ''");

        if (!_options.Durable)
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");

        var path = Path.Combine(DataDirectory, SettingsFile);
        File.WriteAllText(path, settings.ToString());
        HandOver(path);

        static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);
    }

    /// <summary>Stops a server that a killed process left running on <paramref name="dataDirectory"/>, and removes a stale <c>postmaster.pid</c>.</summary>
    public static async Task StopLeftoverAsync(string dataDirectory, string? binariesDirectory = null, CancellationToken cancellationToken = default) =>
        await StopLeftoverServerAsync(Path.GetFullPath(dataDirectory), FindBinaries(binariesDirectory), NullLogger.Instance, cancellationToken);

    private Task StopLeftoverServerAsync(CancellationToken cancellationToken) =>
        StopLeftoverServerAsync(DataDirectory, BinariesDirectory, _logger, cancellationToken);

    /// <summary>
    /// A run that was killed leaves either its server running (pg_ctl detaches it) or a postmaster.pid whose
    /// process id may since belong to an unrelated process, which makes PostgreSQL refuse to start.
    /// </summary>
    private static async Task StopLeftoverServerAsync(string dataDirectory, string binaries, ILogger logger, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
            return;

        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        if (int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsPostgresProcess(pid))
        {
            logger.LogWarning("A PostgreSQL server (pid {Pid}) left by an earlier run is using {DataDirectory}; stopping it", pid, dataDirectory);
            var result = await RunToolAsync(binaries, "pg_ctl", ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "-s"], TimeSpan.FromSeconds(70), cancellationToken);
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
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task WaitUntilAcceptingConnectionsAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.StartTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or SocketException)
            {
                throw new LocalPostgresException($"PostgreSQL on 127.0.0.1:{Port} started but accepted no connection within {_options.StartTimeout}{LogTail()}", e);
            }
        }
    }

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", _options.Database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            return;

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.Database}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        _logger.LogInformation("Created database {Database}", _options.Database);
    }

    private static string FindBinaries(string? configured)
    {
        if (configured is not null)
        {
            return HasTools(configured)
                ? configured
                : throw new LocalPostgresException(
                    $"PostgreSQL binaries not found: '{configured}' has no initdb and pg_ctl; {BinariesMissingHint}.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasTools);
        if (onPath is not null)
        {
            // Debian links the tools into /usr/local/bin at most; the real folder also holds `postgres`.
            var pgCtl = new FileInfo(Path.Combine(onPath, "pg_ctl"));
            var target = pgCtl.ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? onPath : Path.GetDirectoryName(target.FullName)!;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var newest = Directory.Exists(debianRoot)
            ? Directory.EnumerateDirectories(debianRoot)
                .Select(d => (Directory: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var major) ? major : -1))
                .Where(c => c.Major >= 0 && HasTools(c.Directory))
                .OrderByDescending(c => c.Major)
                .Select(c => c.Directory)
                .FirstOrDefault()
            : null;

        return newest ?? throw new LocalPostgresException(
            $"PostgreSQL binaries not found (looked for initdb and pg_ctl on PATH and in {debianRoot}/*/bin); {BinariesMissingHint}.");

        static bool HasTools(string directory) =>
            File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));
    }

    private static async Task<string> ReadVersionAsync(string binaries, CancellationToken cancellationToken)
    {
        // --version is answered before pg_ctl's refusal to run as root, so no user switch is needed here.
        var result = await RunProcessAsync(Path.Combine(binaries, "pg_ctl"), ["--version"], TimeSpan.FromSeconds(30), cancellationToken);
        var match = VersionPattern().Match(result.Output);
        return result.ExitCode == 0 && match.Success
            ? match.Groups[1].Value
            : throw new LocalPostgresException($"'{Path.Combine(binaries, "pg_ctl")} --version' gave no PostgreSQL version: {result.Output.Trim()}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string BuildConnectionString(int port, string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = ServiceUser,
            Database = database,
            Pooling = pooling,
        }.ConnectionString;

    private static bool RunsAsRoot => !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user, who must be able to reach it.</summary>
    private void MakeReachableByServiceUser()
    {
        if (!RunsAsRoot || OperatingSystem.IsWindows())
            return;

        HandOver(DataDirectory, recursive: true);
        for (var parent = Directory.GetParent(DataDirectory); parent is not null; parent = parent.Parent)
        {
            var mode = File.GetUnixFileMode(parent.FullName);
            if (mode.HasFlag(UnixFileMode.OtherExecute))
                continue;
            _logger.LogInformation("Letting the postgres user traverse {Directory}", parent.FullName);
            File.SetUnixFileMode(parent.FullName, mode | UnixFileMode.OtherExecute);
        }
    }

    private static void HandOver(string path, bool recursive = false)
    {
        if (!RunsAsRoot)
            return;
        List<string> arguments = recursive ? ["-R", $"{ServiceUser}:", path] : [$"{ServiceUser}:", path];
        var result = RunProcessAsync("chown", arguments, TimeSpan.FromMinutes(1), CancellationToken.None).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
            throw new LocalPostgresException(
                $"Could not give '{path}' to the '{ServiceUser}' user, which PostgreSQL needs when started by root " +
                $"(installing postgresql-15 creates that user): {result.Output.Trim()}");
    }

    private string LogTail()
    {
        var log = Path.Combine(DataDirectory, LogFile);
        if (!File.Exists(log))
            return "";
        var tail = File.ReadLines(log).TakeLast(15).ToList();
        return tail.Count == 0 ? "" : $"\nLast lines of {log}:\n{string.Join('\n', tail)}";
    }

    private Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunToolAsync(BinariesDirectory, tool, arguments, timeout, cancellationToken);

    private static Task<ProcessResult> RunToolAsync(string binaries, string tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(binaries, tool);
        return RunsAsRoot
            ? RunProcessAsync("runuser", ["-u", ServiceUser, "--", executable, .. arguments], timeout, cancellationToken)
            : RunProcessAsync(executable, arguments, timeout, cancellationToken);
    }

    private static async Task<ProcessResult> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be allowed into the caller's working directory.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new LocalPostgresException($"Could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LocalPostgresException($"Could not run {fileName}: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new LocalPostgresException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
            }

            return new ProcessResult(process.ExitCode, (await stdout) + (await stderr));
        }
    }

    private sealed record ProcessResult(int ExitCode, string Output);

    [GeneratedRegex(@"\(PostgreSQL\) (\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
