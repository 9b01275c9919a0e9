using Connectivity.Api.Storage;
using Connectivity.LocalDatabase;

namespace Connectivity.Tests.Infrastructure;

/// <summary>
/// A migrated database on a PostgreSQL server of the test class's own, started from the machine's binaries, which its
/// tests may stop, crash and start again without touching the run's shared server, whatever that server is.
/// Tests that use it are <see cref="StoppableDatabaseFactAttribute"/>s: skipped, saying why, where the binaries are missing.
/// </summary>
public sealed class StoppableDatabaseFixture : IAsyncLifetime
{
    private const string Database = "connectivity";

    private LocalTestCluster? _cluster;

    public LocalPostgres Server => _cluster?.Server ?? throw new InvalidOperationException(
        "The stoppable database is used without PostgreSQL binaries; mark the test [StoppableDatabaseFact].");

    /// <summary>Pooled connection string to the migrated database.</summary>
    public string ConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(Server.AdminConnectionString) { Database = Database, Pooling = true }.ConnectionString;

    public async Task InitializeAsync()
    {
        if (!PostgresBinaries.AreInstalled())
            return;
        // Its tests crash it on purpose: a fast cluster would lose commits it acknowledged, the fixture's migrations among them.
        _cluster = await LocalTestCluster.LaunchAsync(durable: true);
        await Sql.ExecuteAsync(Server.AdminConnectionString, $"CREATE DATABASE {Database}");
        await ConnectivityDatabase.MigrateAsync(Sql.Unpooled(ConnectionString));
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}

/// <summary>A test that needs a <see cref="StoppableDatabaseFixture"/>: skipped, saying why, on a machine without the PostgreSQL binaries.</summary>
public sealed class StoppableDatabaseFactAttribute : FactAttribute
{
    public StoppableDatabaseFactAttribute()
    {
        if (!PostgresBinaries.AreInstalled())
            Skip = "Needs a PostgreSQL server the test can stop: install the PostgreSQL server binaries (apt-get install postgresql-15).";
    }
}
