using System.Collections.Concurrent;
using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Xunit.Sdk;

namespace Connectivity.Tests.Infrastructure;

public sealed class DatabaseFixtureTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Fixture_database_has_every_migration_applied_and_the_connectivity_tables()
    {
        await using var db = new ConnectivityDbContext(ConnectivityDatabase.Options(database.ConnectionString));
        var applied = await db.Database.GetAppliedMigrationsAsync();
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Equal(db.Database.GetMigrations(), applied);

        var tables = await TablesAsync(database.ConnectionString);
        Assert.Contains("connectivity_documents", tables);
        Assert.Contains("connectivity_dids", tables);
        Assert.Contains("connectivity_credentials", tables);
        Assert.Contains("connectivity_ips", tables);
    }

    [Fact]
    public void Fixture_database_is_not_shared_with_another_test_class() =>
        FixtureDatabases.Claim(nameof(DatabaseFixtureTests), database.DatabaseName);

    [Fact]
    public async Task The_model_has_no_change_that_a_migration_does_not_carry()
    {
        await using var db = new ConnectivityDbContext(ConnectivityDatabase.Options(database.ConnectionString));
        Assert.False(db.Database.HasPendingModelChanges(), "The EF model changed without a migration: run migrations/add NAME");
    }

    [Fact]
    public async Task Each_fixture_gets_its_own_database_which_is_dropped_when_the_class_is_done()
    {
        var first = new DatabaseFixture(new NullMessageSink());
        var second = new DatabaseFixture(new NullMessageSink());
        await first.InitializeAsync();
        await second.InitializeAsync();
        try
        {
            Assert.NotEqual(first.DatabaseName, second.DatabaseName);
            await Sql.ExecuteAsync(first.ConnectionString, "CREATE TABLE only_in_first (id int)");
            Assert.Contains("only_in_first", await TablesAsync(first.ConnectionString));
            Assert.DoesNotContain("only_in_first", await TablesAsync(second.ConnectionString));
            Assert.DoesNotContain("only_in_first", await TablesAsync(database.ConnectionString));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }

        Assert.False(await database.Server.DatabaseExistsAsync(first.DatabaseName));
        Assert.False(await database.Server.DatabaseExistsAsync(second.DatabaseName));
    }

    [Fact]
    public async Task Fixtures_created_at_the_same_time_all_get_a_migrated_database()
    {
        var fixtures = Enumerable.Range(0, 6).Select(_ => new DatabaseFixture(new NullMessageSink())).ToList();
        try
        {
            await Task.WhenAll(fixtures.Select(f => f.InitializeAsync()));

            Assert.Equal(fixtures.Count, fixtures.Select(f => f.DatabaseName).Distinct().Count());
            foreach (var fixture in fixtures)
                Assert.Contains("connectivity_documents", await TablesAsync(fixture.ConnectionString));
        }
        finally
        {
            await Task.WhenAll(fixtures.Select(f => f.DisposeAsync()));
        }
    }

    private static Task<List<string>> TablesAsync(string connectionString) =>
        Sql.ColumnAsync<string>(connectionString, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
}

public sealed class SecondDatabaseFixtureUserTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public void Fixture_database_is_not_shared_with_another_test_class() =>
        FixtureDatabases.Claim(nameof(SecondDatabaseFixtureUserTests), database.DatabaseName);
}

/// <summary>Which test class was handed which database, to catch two classes being given the same one.</summary>
internal static class FixtureDatabases
{
    private static readonly ConcurrentDictionary<string, string> ClassByDatabase = new();

    public static void Claim(string testClass, string databaseName)
    {
        var owner = ClassByDatabase.GetOrAdd(databaseName, testClass);
        Assert.Equal(testClass, owner);
    }
}
