using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Storage;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Connectivity.Tests.Operations;

public sealed class DatastoreTimeoutTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_write_stuck_behind_a_lock_past_the_timeout_gets_its_own_503_instead_of_hanging()
    {
        var account = ApiFixture.NewId();
        var created = await api.AccountClient(account).PutAsync(KazooClient.Collection(account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        await using var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:Datastore:TimeoutSeconds", "1"));
        var client = new KazooClient(factory.CreateClient(), TokenIssuer.Issue(api.Auth, account, superDuperAdmin: false));
        // A cold host's first queries (model building, first connections) may take longer than this host's 1 s timeout.
        for (var attempt = 1; (await client.GetAsync(KazooClient.Document(account, created.Id))).Status != HttpStatusCode.OK; attempt++)
            Assert.True(attempt < 20, "The service never answered the document within its 1 s timeout.");

        await using var rowLock = await HeldRowLock.TakeAsync(api.ConnectionString, created.Id);

        var patched = await client.PatchAsync(KazooClient.Document(account, created.Id), new JsonObject { ["name"] = "waits" })
            .WaitAsync(TimeSpan.FromSeconds(8));
        await rowLock.ReleaseAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, patched.Status);
        Assert.Equal("datastore_timeout", patched.Message);
        Assert.NotNull(patched.Header("Retry-After"));
        var fetched = await client.GetAsync(KazooClient.Document(account, created.Id));
        Assert.Equal("Acme PBX", fetched.DataObject["name"]!.GetValue<string>());
    }

    [Fact]
    public void Pooled_connections_are_not_reset_unless_the_connection_string_asks_for_it()
    {
        var options = new DatastoreOptions();

        var defaulted = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithServiceDefaults("Host=db", options));
        var asked = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithServiceDefaults("Host=db;No Reset On Close=false", options));

        Assert.True(defaulted.NoResetOnClose);
        Assert.False(asked.NoResetOnClose);
    }

    [Fact]
    public void Connect_and_statement_timeouts_follow_the_datastore_timeout_unless_the_connection_string_sets_them()
    {
        var options = new DatastoreOptions { TimeoutSeconds = 4 };

        var defaulted = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithServiceDefaults("Host=db;Database=connectivity", options));
        var kept = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithServiceDefaults(
            "Host=db;Database=connectivity;Timeout=9;Options=-c statement_timeout=2500", options));
        var otherOptions = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithServiceDefaults("Host=db;Options=-c search_path=app", options));

        Assert.Equal((4, "-c statement_timeout=4000"), (defaulted.Timeout, defaulted.Options));
        Assert.Equal((9, "-c statement_timeout=2500"), (kept.Timeout, kept.Options));
        Assert.Equal("-c search_path=app -c statement_timeout=4000", otherOptions.Options);
    }
}
