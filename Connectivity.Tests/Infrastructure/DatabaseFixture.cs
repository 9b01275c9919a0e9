using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Connectivity.Tests.Infrastructure;

/// <summary>
/// A test class's own database, copied from the migrated <c>connectivity_template</c> on the run's shared server
/// and dropped when the class is done: <c>public sealed class MyTests(DatabaseFixture db) : IClassFixture&lt;DatabaseFixture&gt;</c>.
/// </summary>
public sealed class DatabaseFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private string? _connectionString;
    private string? _databaseName;
    private TestDatabaseServer? _server;

    /// <summary>Pooled connection string to this fixture's database.</summary>
    public string ConnectionString => _connectionString ?? throw NotInitialised();

    public string DatabaseName => _databaseName ?? throw NotInitialised();

    /// <summary>The run's shared server, e.g. to stop and start it in an outage test.</summary>
    public TestDatabaseServer Server => _server ?? throw NotInitialised();

    public async Task InitializeAsync()
    {
        _server = await TestDatabaseServer.GetAsync();
        (_databaseName, _connectionString) = await _server.CreateDatabaseAsync();
        diagnostics.OnMessage(new DiagnosticMessage($"Test database {_databaseName} on {_server.Description}"));
    }

    public async Task DisposeAsync()
    {
        if (_server is null || _databaseName is null || _connectionString is null)
            return;
        using (var connection = new NpgsqlConnection(_connectionString))
            NpgsqlConnection.ClearPool(connection);
        await _server.DropDatabaseAsync(_databaseName);
    }

    private static InvalidOperationException NotInitialised() =>
        new("The database fixture is used before xunit initialised it.");
}
