using System.Net;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>A number routes to one place: DIDs are unique across every live document of every account.</summary>
public sealed class DidConflictTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    [Fact]
    public async Task Did_keys_are_stored_in_e164_whatever_form_the_client_wrote()
    {
        var number = TestDocuments.NewNumber();
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number[2..]));
        var dids = created.DataObject["servers"]![0]!["DIDs"]!.AsObject();
        Assert.Equal([number], dids.Select(p => p.Key));
    }

    [Fact]
    public async Task A_did_held_by_a_document_of_the_same_account_is_409_naming_the_number_and_the_holder()
    {
        var number = TestDocuments.NewNumber();
        var holder = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        var clash = await Client.PutAsync(Collection(_account), TestDocuments.Trunk("1" + number[2..]));

        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal("datastore_conflict", clash.Message);
        Assert.Equal([number], clash.Data!["numbers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(holder.Id, clash.Data!["dids"]![number]!["connectivity_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_document_of_thousands_of_dids_is_routed_whole_and_one_held_did_among_them_is_409_routing_none()
    {
        // Past 2,000 DIDs the numbers are stored by bulk copy rather than by insert: the same answers either way.
        var held = TestDocuments.NewNumber();
        var holder = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(held));
        var fresh = Enumerable.Range(0, 2_499).Select(_ => TestDocuments.NewNumber()).ToArray();

        var clash = await Client.PutAsync(Collection(_account), TestDocuments.Trunk([.. fresh, held]));
        var afterClash = await api.AdminClient().GetAsync($"/v2/lookups/dids/{fresh[0]}");
        var stored = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(fresh));
        var first = await api.AdminClient().GetAsync($"/v2/lookups/dids/{fresh[0]}");
        var last = await api.AdminClient().GetAsync($"/v2/lookups/dids/{fresh[^1]}");

        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal([held], clash.Data!["numbers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(holder.Id, clash.Data!["dids"]![held]!["connectivity_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, afterClash.Status);
        Assert.Equal(HttpStatusCode.Created, stored.Status);
        Assert.Equal(stored.Id, first.Data!["connectivity_id"]!.GetValue<string>());
        Assert.Equal(stored.Id, last.Data!["connectivity_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_did_held_in_another_account_is_409_naming_the_number_but_not_the_other_document()
    {
        var number = TestDocuments.NewNumber();
        var otherAccount = ApiFixture.NewId();
        var holder = await api.AccountClient(otherAccount).PutAsync(Collection(otherAccount), TestDocuments.Trunk(number));

        var clash = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        Assert.Equal(HttpStatusCode.Created, holder.Status);
        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal([number], clash.Data!["numbers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.DoesNotContain(holder.Id, clash.Body!.ToJsonString());
    }

    [Fact]
    public async Task A_patch_adding_a_held_did_is_409_and_leaves_the_document_unchanged()
    {
        var number = TestDocuments.NewNumber();
        await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        var mine = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var servers = mine.DataObject["servers"]!.DeepClone().AsArray();
        servers[0]!["DIDs"]![number] = new JsonObject();

        var clash = await Client.PatchAsync(Document(_account, mine.Id), new JsonObject { ["servers"] = servers });
        var after = await Client.GetAsync(Document(_account, mine.Id));

        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal(mine.Revision, after.Revision);
    }

    [Fact]
    public async Task A_did_is_free_again_once_its_document_is_deleted_or_stops_listing_it()
    {
        var number = TestDocuments.NewNumber();
        var first = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        await Client.DeleteAsync(Document(_account, first.Id));
        var second = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        await Client.PostAsync(Document(_account, second.Id), new JsonObject { ["servers"] = new JsonArray() });
        var third = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(HttpStatusCode.Created, third.Status);
    }

    [Fact]
    public async Task Two_documents_racing_for_the_same_did_one_wins_and_the_other_gets_409()
    {
        var number = TestDocuments.NewNumber();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Client.PutAsync(Collection(_account), TestDocuments.Trunk(number))));

        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
    }

    [Fact]
    public async Task The_same_number_twice_in_one_document_is_a_validation_error()
    {
        var number = TestDocuments.NewNumber();
        var document = TestDocuments.Trunk(number);
        document["servers"]![0]!["DIDs"]![number[1..]] = new JsonObject();

        var response = await Client.PutAsync(Collection(_account), document);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation error", response.Message);
    }
}
