using Connectivity.Api.Auth;
using Connectivity.Api.Changes;
using Connectivity.Api.Commands;
using Connectivity.Api.Contract;
using Connectivity.Api.Documents;
using Connectivity.Api.Hosting;
using Connectivity.Api.Idempotency;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Lookups;
using Connectivity.Api.Ownership;
using Connectivity.Api.RateLimits;
using Connectivity.Api.Storage;
using Connectivity.Api.Telemetry;
using Connectivity.Api.Usage;

if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddConnectivityTelemetry();
await builder.AddConnectivityDatabaseAsync();
builder.Services.AddProbes();
builder.Services.AddKazooAuth(builder.Configuration, builder.Environment);
builder.Services.AddKazooErrors();
builder.Services.AddKazooCors(builder.Configuration);
builder.Services.AddConnectivityDocuments(builder.Configuration);
builder.Services.AddLookups(builder.Configuration);
builder.Services.AddChangeFeed(builder.Configuration);
builder.Services.AddUsage(builder.Configuration);
builder.Services.AddOwnership(builder.Configuration);
builder.Services.AddIdempotency(builder.Configuration);
builder.Services.AddConnectivityRateLimits(builder.Configuration);
builder.Services.AddConnectivityContract(builder.Configuration);

var app = builder.Build();
app.UseRequestIds();
app.UseRequestLogging();
app.UseNoStoreOnApi();
app.UseExceptionHandler();
app.UseKazooStatusCodes();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapProbes();
app.MapPrometheusScrapingEndpoint();
app.MapConnectivityApi();
app.MapLookupApi();
app.MapChangeFeedApi();
app.MapUsageApi();
app.MapPhoneNumbersApi();
app.MapConnectivityContract();
app.PrintDevelopmentWelcome();

await app.RunAsync();
return 0;

public partial class Program;
