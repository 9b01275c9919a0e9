using Connectivity.Api.Auth;
using Connectivity.Api.Commands;
using Connectivity.Api.Storage;
using Connectivity.Tests.Infrastructure;
using Connectivity.Tests.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;

namespace Connectivity.Tests.Api;

/// <summary>The verbs the binary answers besides serving, run as the Kubernetes Job and a developer run them.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class CommandTests : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly TextWriter _originalOut = Console.Out;
    private readonly TextWriter _originalError = Console.Error;

    public CommandTests()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    [Fact]
    public async Task Migrate_applies_every_migration_to_an_empty_database_and_exits_0()
    {
        var server = await TestDatabaseServer.GetAsync();
        var name = "migrate_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server.AdminConnectionString, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Connectivity", connectionString);

            var exitCode = await CommandLine.RunAsync(["migrate"]);

            Assert.Equal(0, exitCode);
            Assert.Contains("Database migrated.", _out.ToString());
            await using var db = new ConnectivityDbContext(ConnectivityDatabase.Options(connectionString));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Documents.CountAsync());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__Connectivity", null);
            await ExecuteAsync(server.AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
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
            var validation = await new JsonWebTokenHandler().ValidateTokenAsync(_out.ToString().Trim(),
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
        Assert.Contains("usage: token", _error.ToString());
        Assert.Empty(_out.ToString());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
    }
}
