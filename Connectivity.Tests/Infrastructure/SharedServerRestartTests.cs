using Npgsql;

namespace Connectivity.Tests.Infrastructure;

/// <summary>Tests that take the run's shared server down: they run alone, after every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedServerOutageCollection
{
    public const string Name = "Shared server outage";
}

[Collection(SharedServerOutageCollection.Name)]
public sealed class SharedServerRestartTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Local_server_can_be_stopped_and_started_again_keeping_its_databases()
    {
        var server = database.Server;
        if (!server.CanStopAndStart)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => server.StopAsync());
            return;
        }

        var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        await DatabaseFixtureTests.ExecuteAsync(unpooled, "CREATE TABLE survives_restart (id int); INSERT INTO survives_restart VALUES (7)");

        await server.StopAsync();
        try
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => DatabaseFixtureTests.ExecuteAsync(unpooled, "SELECT 1"));
        }
        finally
        {
            await server.StartAsync();
        }

        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM survives_restart", connection);
        Assert.Equal(7, await command.ExecuteScalarAsync());
    }
}
