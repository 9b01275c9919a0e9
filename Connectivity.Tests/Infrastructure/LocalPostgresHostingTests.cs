using Connectivity.Api.Storage;
using Connectivity.LocalDatabase;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Connectivity.Tests.Infrastructure;

public sealed class LocalPostgresHostingTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "connectivity-hosting-test-" + Guid.NewGuid().ToString("N")[..8]);

    public LocalPostgresHostingTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public async Task Development_without_a_connection_string_runs_postgres_under_the_content_root_until_the_host_stops()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = _contentRoot });

        var postgres = Assert.IsType<LocalPostgres>(await builder.UseLocalDatabaseInDevelopmentAsync());

        Assert.Equal(Path.Combine(_contentRoot, ".data", "postgres"), postgres.DataDirectory);
        var connectionString = builder.Configuration.GetConnectionString(DatabaseSetup.ConnectionStringName);
        Assert.Equal(postgres.ConnectionString, connectionString);
        Assert.Equal("connectivity", new NpgsqlConnectionStringBuilder(connectionString).Database);

        await using var app = builder.Build();
        await app.StartAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
            await connection.OpenAsync();
        await app.StopAsync();

        Assert.False(postgres.IsRunning);
        Assert.True(File.Exists(Path.Combine(_contentRoot, ".data", "postgres", "PG_VERSION")));
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Development", "Host=db.example;Database=connectivity")]
    public async Task Another_environment_or_a_configured_server_starts_nothing(string environment, string? configured)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = _contentRoot });
        builder.Configuration["ConnectionStrings:Connectivity"] = configured;

        var postgres = await builder.UseLocalDatabaseInDevelopmentAsync();

        Assert.Null(postgres);
        Assert.Equal(configured, builder.Configuration.GetConnectionString("Connectivity"));
        Assert.False(Directory.Exists(Path.Combine(_contentRoot, ".data")));
    }
}
