using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connectivity.LocalDatabase;

/// <summary>
/// Runs a PostgreSQL cluster from the machine's own binaries, listening on 127.0.0.1 only with trust
/// authentication: the service's development default and the test suite's server when no other is given.
/// </summary>
public sealed partial class LocalPostgres : IAsyncDisposable
{
    private readonly LocalPostgresOptions _options;
    private readonly PostgresBinaries _binaries;
    private readonly ClusterFolder _cluster;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _running;
    private bool _disposed;

    private LocalPostgres(LocalPostgresOptions options, PostgresBinaries binaries, int port)
    {
        _options = options;
        _binaries = binaries;
        _logger = options.Logger;
        _cluster = new ClusterFolder(Path.GetFullPath(options.DataDirectory), binaries, options.Logger);
        Port = port;
        AdminConnectionString = BuildConnectionString(port, "postgres", pooling: false);
        ConnectionString = BuildConnectionString(port, options.Database, pooling: true);
    }

    /// <summary>Port on 127.0.0.1, fixed for the lifetime of this instance (kept across <see cref="StopAsync"/>/<see cref="StartAsync"/>).</summary>
    public int Port { get; }

    public string DataDirectory => _cluster.Path;

    public string BinariesDirectory => _binaries.Directory;

    /// <summary>Server version as its binaries report it, e.g. <c>15.18</c>.</summary>
    public string Version => _binaries.Version;

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

        var binaries = await PostgresBinaries.FindAsync(options.BinariesDirectory, cancellationToken);
        var server = new LocalPostgres(options, binaries, FreeLoopbackPort());
        try
        {
            await server._cluster.InitialiseAsync(options.Durable, cancellationToken);
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

            await LeftoverServer.StopAsync(DataDirectory, _binaries, _logger, cancellationToken);
            await _cluster.WriteSettingsAsync(Port, _options.Durable, cancellationToken);
            var timeoutSeconds = ((int)Math.Ceiling(_options.StartTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var result = await ServiceUser.RunAsync(
                _binaries,
                "pg_ctl",
                ["start", "-D", DataDirectory, "-l", _cluster.LogFile, "-w", "-t", timeoutSeconds, "-s"],
                _options.StartTimeout + TimeSpan.FromSeconds(10),
                cancellationToken);
            if (result.ExitCode != 0)
                throw new LocalPostgresException(
                    $"PostgreSQL did not start from '{DataDirectory}' on port {Port}: {result.Output.Trim()}{_cluster.LogTail()}");

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
        if (File.Exists(_cluster.PidFile))
        {
            var result = await ServiceUser.RunAsync(
                _binaries, "pg_ctl", ["stop", "-D", DataDirectory, "-m", mode, "-w", "-t", "60", "-s"], TimeSpan.FromSeconds(70), cancellationToken);
            if (result.ExitCode != 0 && File.Exists(_cluster.PidFile))
                throw new LocalPostgresException($"PostgreSQL in '{DataDirectory}' did not stop: {result.Output.Trim()}");
        }

        _running = false;
        _logger.LogInformation("PostgreSQL on 127.0.0.1:{Port} stopped", Port);
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
                throw new LocalPostgresException(
                    $"PostgreSQL on 127.0.0.1:{Port} started but accepted no connection within {_options.StartTimeout}{_cluster.LogTail()}", e);
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
            Username = ServiceUser.Name,
            Database = database,
            Pooling = pooling,
        }.ConnectionString;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
