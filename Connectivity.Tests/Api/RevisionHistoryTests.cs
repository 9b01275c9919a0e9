using System.Net;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>Writes are kept (within the revision quota), so a bad change from a billing system can be seen and undone.</summary>
public sealed class RevisionHistoryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    private static string History(string account, string id) => Document(account, id) + "/revisions";

    [Fact]
    public async Task The_history_lists_every_write_newest_first_with_its_operation()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var path = Document(_account, created.Id);
        var patched = await Client.PatchAsync(path, new JsonObject { ["name"] = "patched" });
        var replaced = await Client.PostAsync(path, new JsonObject { ["name"] = "replaced" });
        var refused = await Client.PatchAsync(path, new JsonObject { ["account"] = new JsonObject { ["trunks"] = "many" } });

        var history = await Client.GetAsync(History(_account, created.Id));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        var entries = history.Data!.AsArray();
        Assert.Equal([replaced.Revision, patched.Revision, created.Revision], entries.Select(e => e!["revision"]!.GetValue<string>()));
        Assert.Equal(["replace", "patch", "create"], entries.Select(e => e!["operation"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.True(DateTimeOffset.TryParse(e!["modified"]!.GetValue<string>(), out _)));
    }

    [Fact]
    public async Task A_bad_post_is_undone_by_posting_back_the_revision_before_it()
    {
        var number = TestDocuments.NewNumber();
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        var path = Document(_account, created.Id);
        await Client.PostAsync(path, new JsonObject { ["name"] = "billing system bug", ["servers"] = new JsonArray() });
        var lostNumber = await api.AdminClient().GetAsync($"/v2/lookups/dids/{number}");

        var before = await Client.GetAsync(History(_account, created.Id) + "/1");
        var restored = await Client.PostAsync(path, before.DataObject);
        var routed = await api.AdminClient().GetAsync($"/v2/lookups/dids/{number}");

        Assert.Equal(HttpStatusCode.NotFound, lostNumber.Status);
        Assert.Equal(created.Revision, before.Revision);
        Assert.True(JsonNode.DeepEquals(created.Data, before.Data));
        Assert.Equal(HttpStatusCode.OK, restored.Status);
        Assert.StartsWith("3-", restored.Revision);
        Assert.True(JsonNode.DeepEquals(created.Data, restored.Data));
        Assert.Equal(HttpStatusCode.OK, routed.Status);
    }

    [Fact]
    public async Task A_revision_is_found_by_number_or_by_its_full_revision_and_a_wrong_one_is_404()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var history = History(_account, created.Id);

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"{history}/{created.Revision}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{history}/1-{new string('0', 32)}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{history}/2")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{history}/latest")).Status);
    }

    [Fact]
    public async Task A_deleted_or_foreign_document_has_no_history_to_read()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var other = ApiFixture.NewId();
        var foreign = await api.AdminClient().GetAsync(History(other, created.Id));
        await Client.DeleteAsync(Document(_account, created.Id));

        var deleted = await Client.GetAsync(History(_account, created.Id));

        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal(HttpStatusCode.NotFound, deleted.Status);
        Assert.Equal("bad_identifier", deleted.Message);
    }
}
