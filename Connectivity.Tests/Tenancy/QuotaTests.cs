using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Tenancy;

public sealed class QuotaTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly ShiftedClock _clock = new();

    private WebApplicationFactory<Program> Service(string quota, int value) => api.Factory.WithWebHostBuilder(web =>
    {
        web.UseSetting($"Connectivity:Quotas:{quota}", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
    });

    private KazooClient AccountClient(WebApplicationFactory<Program> service, string account) =>
        new(service.CreateClient(), TokenIssuer.Issue(api.Auth, account, superDuperAdmin: false));

    [Fact]
    public async Task A_create_past_the_documents_per_account_quota_is_refused_and_stores_nothing_until_a_place_frees_up()
    {
        await using var service = Service("DocumentsPerAccount", 2);
        var account = ApiFixture.NewId();
        var client = AccountClient(service, account);
        var first = await client.PutAsync(Collection(account), TestDocuments.Trunk());
        await client.PutAsync(Collection(account), TestDocuments.Trunk());
        var number = TestDocuments.NewNumber();

        var refused = await client.PutAsync(Collection(account), TestDocuments.Trunk(number));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("quota_exceeded", refused.Message);
        Assert.Equal("documents_per_account", refused.DataObject["quota"]!.GetValue<string>());
        Assert.Equal(2, refused.DataObject["limit"]!.GetValue<int>());
        Assert.Equal(2, (await client.GetAsync(Collection(account))).Data!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await api.AdminClient().GetAsync($"/v2/lookups/dids/{number}")).Status);

        await client.DeleteAsync(Document(account, first.Id));
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Collection(account), TestDocuments.Trunk(number))).Status);
    }

    [Fact]
    public async Task Concurrent_creates_at_the_quota_edge_never_exceed_it_and_other_accounts_are_unaffected()
    {
        await using var service = Service("DocumentsPerAccount", 3);
        var account = ApiFixture.NewId();
        var client = AccountClient(service, account);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PutAsync(Collection(account), TestDocuments.Trunk())));
        var other = ApiFixture.NewId();
        var otherCreated = await AccountClient(service, other).PutAsync(Collection(other), TestDocuments.Trunk());

        Assert.Equal(3, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a => Assert.Equal("quota_exceeded", a.Message));
        Assert.Equal(3, (await client.GetAsync(Collection(account))).Data!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Created, otherCreated.Status);
    }

    [Fact]
    public async Task Only_the_newest_revisions_up_to_the_count_quota_are_kept()
    {
        await using var service = Service("RevisionsPerDocument", 3);
        var account = ApiFixture.NewId();
        var client = AccountClient(service, account);
        var created = await client.PutAsync(Collection(account), TestDocuments.Trunk());
        for (var i = 1; i <= 5; i++) await client.PatchAsync(Document(account, created.Id), new JsonObject { ["name"] = $"change {i}" });

        var history = await client.GetAsync(Document(account, created.Id) + "/revisions");
        var pruned = await client.GetAsync(Document(account, created.Id) + "/revisions/1");

        Assert.Equal(["6", "5", "4"], history.Data!.AsArray().Select(e => e!["revision"]!.GetValue<string>().Split('-')[0]));
        Assert.Equal(HttpStatusCode.NotFound, pruned.Status);
    }

    [Fact]
    public async Task Revisions_past_the_age_quota_are_pruned_on_the_next_write_but_the_current_one_always_stays()
    {
        await using var service = Service("RevisionMaxAgeDays", 30);
        var account = ApiFixture.NewId();
        var client = AccountClient(service, account);
        var created = await client.PutAsync(Collection(account), TestDocuments.Trunk());
        await client.PatchAsync(Document(account, created.Id), new JsonObject { ["name"] = "last month" });

        _clock.Offset = TimeSpan.FromDays(31);
        var patched = await client.PatchAsync(Document(account, created.Id), new JsonObject { ["name"] = "today" });
        var history = await client.GetAsync(Document(account, created.Id) + "/revisions");

        Assert.Equal([patched.Revision], history.Data!.AsArray().Select(e => e!["revision"]!.GetValue<string>()));
        Assert.Equal("today", (await client.GetAsync(Document(account, created.Id))).DataObject["name"]!.GetValue<string>());
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
