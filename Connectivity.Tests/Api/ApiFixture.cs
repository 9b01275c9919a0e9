using Connectivity.Api.Auth;
using Connectivity.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Connectivity.Tests.Api;

/// <summary>The service in memory over a database of its own, created from the migrated template.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string SigningKey = "connectivity-tests-signing-key-0123456789abcdef";

    private WebApplicationFactory<Program>? _factory;

    public string ConnectionString { get; private set; } = "";
    public TestDatabaseServer Server { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Fixture not initialised");
    public AuthOptions Auth { get; } = new() { SigningKey = SigningKey };

    private string _databaseName = "";

    public async Task InitializeAsync()
    {
        Server = await TestDatabaseServer.GetAsync();
        (_databaseName, ConnectionString) = await Server.CreateDatabaseAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Connectivity", ConnectionString);
            web.UseSetting("Auth:SigningKey", SigningKey);
            web.UseSetting("Connectivity:MigrateAtStartup", "false");
            // Tests send hundreds of requests with one token; RateLimitTests set small limits on a host of their own.
            foreach (var caller in new[] { "Account", "Admin", "Anonymous" })
            {
                web.UseSetting($"Connectivity:RateLimits:{caller}:Tokens", "1000000");
                web.UseSetting($"Connectivity:RateLimits:{caller}:TokensPerSecond", "1000000");
            }
            // The service logs JSON to stdout; in tests that would bury the runner's own output.
            web.UseSetting("Logging:Console:LogLevel:Default", "None");
        });
    }

    public KazooClient Client(string? token) => new(Factory.CreateClient(), token);

    public KazooClient AccountClient(string accountId) => Client(TokenIssuer.Issue(Auth, accountId, superDuperAdmin: false));

    public KazooClient AdminClient() => Client(TokenIssuer.Issue(Auth, null, superDuperAdmin: true));

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_databaseName.Length > 0) await Server.DropDatabaseAsync(_databaseName);
    }

    public static string NewId() => Guid.NewGuid().ToString("N");
}
