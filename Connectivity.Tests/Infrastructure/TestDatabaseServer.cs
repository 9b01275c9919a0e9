using System.Net.Sockets;
using System.Text;
using Connectivity.Api.Storage;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Connectivity.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run, started on first use and stopped when the test process exits.
/// It holds <c>connectivity_template</c>, migrated once; each test class gets a copy of it (see <see cref="DatabaseFixture"/>).
/// </summary>
public sealed class TestDatabaseServer
{
    private const string ConnectionStringVariable = "CONNECTIVITY_TEST_CONNECTION_STRING";
    private const string TemplateDatabase = "connectivity_template";

    private static readonly Lazy<Task<TestDatabaseServer>> Shared = new(StartSharedAsync);
    private static int _databaseCounter;

    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly Func<ValueTask> _release;
    private int _released;

    private TestDatabaseServer(string adminConnectionString, string description, Func<ValueTask> release)
    {
        AdminConnectionString = adminConnectionString;
        Description = description;
        _release = release;
    }

    /// <summary>Superuser connection to the maintenance database, never pooled so it leaves no session behind.</summary>
    public string AdminConnectionString { get; }

    /// <summary>What the run is using, for the test output.</summary>
    public string Description { get; }

    public static Task<TestDatabaseServer> GetAsync() => Shared.Value;

    /// <summary>Creates a new database from <see cref="TemplateDatabase"/> and returns its connection string.</summary>
    public async Task<(string Name, string ConnectionString)> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"connectivity_test_{System.Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid().ToString("N")[..8]}";

        // CREATE DATABASE … TEMPLATE fails while any session is connected to the template; the template
        // refuses connections once migrated, and creations are serialised so none overlaps another.
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            await Sql.ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateDatabase}\"", cancellationToken);
        }
        finally
        {
            _createGate.Release();
        }

        return (name, new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString);
    }

    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        await Sql.ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);

    public async Task<bool> DatabaseExistsAsync(string name) =>
        await Sql.ScalarAsync(AdminConnectionString, "SELECT 1 FROM pg_database WHERE datname = @name", new NpgsqlParameter("name", name)) is not null;

    /// <summary>Stops the run's server if it was started; called once every test of the assembly has run.</summary>
    internal static async Task ShutdownAsync()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
            await Shared.Value.Result.ReleaseOnceAsync();
    }

    private static async Task<TestDatabaseServer> StartSharedAsync()
    {
        var server = await StartServerAsync();
        // Only a fallback: the test host may be killed before a handler this slow finishes.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.ReleaseOnceAsync().GetAwaiter().GetResult();
        try
        {
            await server.PrepareTemplateAsync();
        }
        catch
        {
            await server.ReleaseOnceAsync();
            throw;
        }

        return server;
    }

    private async Task ReleaseOnceAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            await _release();
    }

    private static async Task<TestDatabaseServer> StartServerAsync()
    {
        var configured = System.Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var admin = AsAdminConnectionString(configured);
            var builder = new NpgsqlConnectionStringBuilder(admin);
            return new TestDatabaseServer(admin, $"{ConnectionStringVariable} ({builder.Host}:{builder.Port})", () => ValueTask.CompletedTask);
        }

        if (await DockerEngine.AnswersAsync())
            return await StartContainerAsync();

        var cluster = await LocalTestCluster.LaunchAsync(durable: false);
        var local = cluster.Server;
        return new TestDatabaseServer(
            local.AdminConnectionString,
            $"local PostgreSQL {local.Version} on 127.0.0.1:{local.Port} from {local.BinariesDirectory}, data in {local.DataDirectory}",
            cluster.DisposeAsync);
    }

    // Kept apart so the Testcontainers types load only when a Docker engine is there.
    private static async Task<TestDatabaseServer> StartContainerAsync()
    {
        var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        await container.StartAsync();
        var admin = new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Pooling = false }.ConnectionString;
        return new TestDatabaseServer(
            admin, $"Testcontainers postgres:15-alpine ({container.Hostname}:{container.GetMappedPublicPort(5432)})", container.DisposeAsync);
    }

    private async Task PrepareTemplateAsync()
    {
        // A template left by an earlier run may predate the current migrations: start from scratch.
        if (await DatabaseExistsAsync(TemplateDatabase))
            await Sql.ExecuteAsync(AdminConnectionString, $"ALTER DATABASE \"{TemplateDatabase}\" WITH IS_TEMPLATE false");
        await Sql.ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS \"{TemplateDatabase}\" WITH (FORCE)");
        await Sql.ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{TemplateDatabase}\"");

        var template = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = TemplateDatabase, Pooling = false }.ConnectionString;
        await ConnectivityDatabase.MigrateAsync(template);
        NpgsqlConnection.ClearAllPools();

        await Sql.ExecuteAsync(AdminConnectionString,
            $"ALTER DATABASE \"{TemplateDatabase}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
    }

    /// <summary>Accepts a keyword connection string or a <c>postgres://user:password@host:port/database</c> URL.</summary>
    internal static string AsAdminConnectionString(string configured)
    {
        NpgsqlConnectionStringBuilder builder;
        if (configured.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            configured.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(configured);
            var credentials = uri.UserInfo.Split(':', 2);
            builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Username = Uri.UnescapeDataString(credentials[0]),
                Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "postgres",
            };
            if (credentials.Length == 2)
                builder.Password = Uri.UnescapeDataString(credentials[1]);
        }
        else
        {
            builder = new NpgsqlConnectionStringBuilder(configured);
            if (string.IsNullOrEmpty(builder.Database))
                builder.Database = "postgres";
        }

        builder.Pooling = false;
        return builder.ConnectionString;
    }

    /// <summary>Answers whether a Docker engine is there, within two seconds.</summary>
    private static class DockerEngine
    {
        public static async Task<bool> AnswersAsync()
        {
            var host = System.Environment.GetEnvironmentVariable("DOCKER_HOST");
            EndPointAndFamily? target = string.IsNullOrEmpty(host)
                ? File.Exists("/var/run/docker.sock") ? new(new UnixDomainSocketEndPoint("/var/run/docker.sock"), AddressFamily.Unix) : null
                : Parse(host);
            if (target is null)
                return false;

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                using var socket = target.Family == AddressFamily.Unix
                    ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                    : new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(target.EndPoint, timeout.Token);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"), SocketFlags.None, timeout.Token);
                var buffer = new byte[64];
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                return Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ", StringComparison.Ordinal);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
            {
                return false;
            }
        }

        private static EndPointAndFamily? Parse(string host)
        {
            if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
                return null;
            return uri.Scheme switch
            {
                "unix" => new(new UnixDomainSocketEndPoint(uri.AbsolutePath), AddressFamily.Unix),
                "tcp" => new(new System.Net.DnsEndPoint(uri.Host, uri.Port), AddressFamily.InterNetworkV6),
                _ => null,
            };
        }

        private sealed record EndPointAndFamily(System.Net.EndPoint EndPoint, AddressFamily Family);
    }
}
