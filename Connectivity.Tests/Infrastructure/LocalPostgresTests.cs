using Connectivity.LocalDatabase;
using Npgsql;
using static Connectivity.Tests.Infrastructure.Sql;

namespace Connectivity.Tests.Infrastructure;

public sealed class LocalPostgresTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "connectivity-launcher-test-" + Guid.NewGuid().ToString("N")[..8]);

    private string DataDirectory => Path.Combine(_folder, "postgres");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Persistent_cluster_keeps_its_data_across_stop_start_and_relaunch()
    {
        await using (var postgres = await LocalPostgres.LaunchAsync(Persistent("launcher_app")))
        {
            Assert.Equal("launcher_app", new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Database);
            await ExecuteAsync(postgres.ConnectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)");
            var port = postgres.Port;

            await postgres.StopAsync();
            Assert.False(postgres.IsRunning);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(Unpooled(postgres.ConnectionString), "SELECT 1"));

            await postgres.StartAsync();
            Assert.True(postgres.IsRunning);
            Assert.Equal(port, postgres.Port);
            Assert.Equal(1, await CountAsync(Unpooled(postgres.ConnectionString), "kept"));
        }

        Assert.True(File.Exists(Path.Combine(DataDirectory, "PG_VERSION")));
        await using (var relaunched = await LocalPostgres.LaunchAsync(Persistent("launcher_app")))
            Assert.Equal(1, await CountAsync(relaunched.ConnectionString, "kept"));
    }

    [Fact]
    public async Task Relaunch_ignores_a_pid_file_left_behind_whose_process_is_no_postgres()
    {
        await using (var postgres = await LocalPostgres.LaunchAsync(Persistent()))
            await ExecuteAsync(postgres.ConnectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)");

        // After a crash or reboot the recorded pid may belong to any live process; this test process is one.
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        await File.WriteAllTextAsync(pidFile, $"{Environment.ProcessId}\n{DataDirectory}\n");

        await using var relaunched = await LocalPostgres.LaunchAsync(Persistent());
        Assert.Equal(1, await CountAsync(relaunched.ConnectionString, "kept"));
    }

    [Fact]
    public async Task Relaunch_stops_a_server_that_a_killed_run_left_running()
    {
        var abandoned = await LocalPostgres.LaunchAsync(Persistent());
        await ExecuteAsync(abandoned.ConnectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)");

        await using (var relaunched = await LocalPostgres.LaunchAsync(Persistent()))
        {
            Assert.NotEqual(abandoned.Port, relaunched.Port);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(Unpooled(abandoned.ConnectionString), "SELECT 1"));
            Assert.Equal(1, await CountAsync(relaunched.ConnectionString, "kept"));
        }

        await abandoned.DisposeAsync();
    }

    [Fact]
    public async Task A_crashed_server_comes_back_on_the_same_port_with_every_committed_row()
    {
        await using var postgres = await LocalPostgres.LaunchAsync(LocalPostgresOptions.Persistent(DataDirectory));
        var unpooled = Unpooled(postgres.ConnectionString);
        await ExecuteAsync(unpooled, "CREATE TABLE kept (id int); INSERT INTO kept SELECT generate_series(1, 1000)");

        await postgres.StopAsync(immediate: true);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(unpooled, "SELECT 1"));
        await postgres.StartAsync();

        Assert.Equal(1000, await CountAsync(unpooled, "kept"));
    }

    [Fact]
    public async Task Throwaway_cluster_is_stopped_and_deleted_on_dispose()
    {
        var options = LocalPostgresOptions.Temporary() with { DataDirectory = DataDirectory };
        var postgres = await LocalPostgres.LaunchAsync(options);
        await ExecuteAsync(postgres.ConnectionString, "SELECT 1");

        await postgres.DisposeAsync();

        Assert.False(Directory.Exists(DataDirectory));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(Unpooled(postgres.ConnectionString), "SELECT 1"));
    }

    [Fact]
    public async Task Missing_binaries_give_an_error_that_says_what_to_install()
    {
        var options = Persistent() with { BinariesDirectory = Path.Combine(_folder, "no-such-bin") };

        var error = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgres.LaunchAsync(options));

        Assert.Contains("PostgreSQL binaries not found", error.Message);
        Assert.Contains("postgresql-15", error.Message);
        Assert.Contains("ConnectionStrings__Connectivity", error.Message);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_cluster_is_left_alone()
    {
        Directory.CreateDirectory(DataDirectory);
        var stranger = Path.Combine(DataDirectory, "notes.txt");
        await File.WriteAllTextAsync(stranger, "not a database");

        var error = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgres.LaunchAsync(Persistent()));

        Assert.Contains("neither empty nor a PostgreSQL data directory", error.Message);
        Assert.Equal("not a database", await File.ReadAllTextAsync(stranger));
    }

    // Crash safety is not what these tests are about; only clean stops happen here.
    private LocalPostgresOptions Persistent(string database = "connectivity") =>
        LocalPostgresOptions.Persistent(DataDirectory, database) with { Durable = false };

    private static async Task<long> CountAsync(string connectionString, string table) =>
        (long)(await ScalarAsync(connectionString, $"SELECT count(*) FROM {table}"))!;
}
