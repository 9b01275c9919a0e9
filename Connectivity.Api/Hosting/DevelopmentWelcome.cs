using Connectivity.Api.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Hosting;

/// <summary>In Development, prints a working token and a curl line once the service listens.</summary>
public static class DevelopmentWelcome
{
    private const string SampleAccountId = "0123456789abcdef0123456789abcdef";

    public static void PrintDevelopmentWelcome(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return;
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
            if (string.IsNullOrEmpty(auth.SigningKey)) return;
            var token = TokenIssuer.Issue(auth, SampleAccountId, superDuperAdmin: false, clock: app.Services.GetRequiredService<TimeProvider>());
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                          ?? "http://localhost:8000";
            address = address.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost");
            Console.WriteLine($"""

                Connectivity is ready on {address}
                A token for account {SampleAccountId} (valid 12 hours):
                  export TOKEN={token}
                Try:
                  curl -s -H "X-Auth-Token: $TOKEN" {address}/v2/accounts/{SampleAccountId}/connectivity
                More tokens: dotnet run --project Connectivity.Api -- token --account {SampleAccountId}

                """);
        });
    }
}
