using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectivity.Api.Hosting;
using Connectivity.Api.Storage;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connectivity.Tests.Operations;

public sealed class ProbeTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData(Probes.LivePath)]
    [InlineData(Probes.StartupPath)]
    [InlineData(Probes.ReadyPath)]
    public async Task Probes_answer_healthy_without_a_token_while_the_database_is_up(string path)
    {
        var (status, report) = await ProbeAsync(api.Factory, path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readiness_reports_the_database_check()
    {
        var (_, report) = await ProbeAsync(api.Factory, Probes.ReadyPath);
        Assert.Equal("Healthy", report["checks"]!["database"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readiness_stays_false_while_migrations_are_pending_and_turns_true_once_they_are_applied()
    {
        var name = $"connectivity_unmigrated_{Guid.NewGuid():N}";
        await Sql.ExecuteAsync(api.Server.AdminConnectionString, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(api.Server.AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
        try
        {
            await using (var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("ConnectionStrings:Connectivity", connectionString)))
            {
                var (status, report) = await ProbeAsync(factory, Probes.ReadyPath);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                Assert.Contains("migration", report["checks"]!["database"]!["description"]!.GetValue<string>());
                Assert.Equal(HttpStatusCode.OK, (await ProbeAsync(factory, Probes.LivePath)).Status);

                await ConnectivityDatabase.MigrateAsync(connectionString);
                Assert.Equal(HttpStatusCode.OK, (await ProbeAsync(factory, Probes.ReadyPath)).Status);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Sql.ExecuteAsync(api.Server.AdminConnectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Readiness_turns_false_as_soon_as_shutdown_begins_while_liveness_stays_true()
    {
        await using var factory = api.Factory.WithWebHostBuilder(_ => { });
        Assert.Equal(HttpStatusCode.OK, (await ProbeAsync(factory, Probes.ReadyPath)).Status);

        // Probed from the stopping callback: after it the host stops its server, so this is the window the kubelet sees.
        var lifetime = factory.Services.GetRequiredService<IHostApplicationLifetime>();
        (HttpStatusCode Status, JsonObject Report) ready = default, live = default;
        lifetime.ApplicationStopping.Register(() =>
        {
            ready = ProbeAsync(factory, Probes.ReadyPath).GetAwaiter().GetResult();
            live = ProbeAsync(factory, Probes.LivePath).GetAwaiter().GetResult();
        });
        lifetime.StopApplication();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("shutting down", ready.Report!["checks"]!["not_stopping"]!["description"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }

    [Fact]
    public void Shutdown_waits_longer_than_any_request_may_take_and_still_ends_within_the_pods_grace_period_after_its_pre_stop_sleep()
    {
        var shutdown = api.Factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var longestRequest = TimeSpan.FromSeconds(api.Factory.Services.GetRequiredService<IOptions<DatastoreOptions>>().Value.TimeoutSeconds);
        var deployment = File.ReadAllText(RepositoryFile.Path("deploy/base/deployment.yaml"));
        var grace = int.Parse(Regex.Match(deployment, @"terminationGracePeriodSeconds: (\d+)").Groups[1].Value);
        var preStopSleep = int.Parse(Regex.Match(deployment, @"preStop:\s+sleep:\s+seconds: (\d+)").Groups[1].Value);

        Assert.True(shutdown > longestRequest, $"An in-flight request may wait {longestRequest} on the database; shutdown waits only {shutdown}.");
        Assert.InRange(preStopSleep + shutdown.TotalSeconds, 1, grace - 1);
    }

    internal static async Task<(HttpStatusCode Status, JsonObject Report)> ProbeAsync(WebApplicationFactory<Program> factory, string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
