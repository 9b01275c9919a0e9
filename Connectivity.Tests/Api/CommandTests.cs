using Connectivity.Api.Auth;
using Connectivity.Api.Commands;
using Connectivity.Api.Storage;
using Connectivity.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace Connectivity.Tests.Api;

/// <summary>The verbs the binary answers besides serving, run as the Kubernetes Job and a developer run them.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class CommandTests : IDisposable
{
    private readonly ConsoleCapture _console = new();

    [Fact]
    public async Task Migrate_applies_every_migration_to_an_empty_database_and_exits_0()
    {
        var server = await TestDatabaseServer.GetAsync();
        var name = "migrate_" + Guid.NewGuid().ToString("N")[..12];
        await Sql.ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Connectivity", connectionString);

            var exitCode = await CommandLine.RunAsync(["migrate"]);

            Assert.Equal(0, exitCode);
            Assert.Contains("Database migrated.", _console.Out);
            await using var db = new ConnectivityDbContext(ConnectivityDatabase.Options(connectionString));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Documents.CountAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Connectivity", null);
            await Sql.ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Token_prints_a_token_the_service_accepts_for_that_account_only()
    {
        var account = ApiFixture.NewId();
        Environment.SetEnvironmentVariable("Auth__SigningKey", ApiFixture.SigningKey);
        try
        {
            var exitCode = await CommandLine.RunAsync(["token", "--account", account]);

            Assert.Equal(0, exitCode);
            var validation = await new JsonWebTokenHandler().ValidateTokenAsync(_console.Out.Trim(),
                AuthSetup.ValidationParameters(new AuthOptions { SigningKey = ApiFixture.SigningKey }));
            Assert.True(validation.IsValid, validation.Exception?.Message);
            Assert.Equal(account, validation.Claims[KazooClaims.AccountId]);
            Assert.False(validation.Claims.ContainsKey(KazooClaims.SuperDuperAdmin));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Auth__SigningKey", null);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("--account not-an-account")]
    [InlineData("--bogus")]
    public async Task Token_without_a_valid_account_admin_or_scope_is_a_usage_error(string options)
    {
        var exitCode = await CommandLine.RunAsync(["token", .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: token", _console.Error);
        Assert.Empty(_console.Out);
    }

    public void Dispose() => _console.Dispose();
}
