using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Connectivity.Tests.Lookups;
using Microsoft.AspNetCore.Hosting;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Ownership;

/// <summary>
/// A customer cannot route another customer's numbers: connectivity writes naming a DID in another account's
/// inventory are refused as Kazoo refuses them, and <c>used_by</c> follows the documents in the same transaction.
/// </summary>
public sealed class NumberOwnershipTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private readonly string _owner = ApiFixture.NewId();
    private KazooClient Squatter => api.AccountClient(_account);

    [Fact]
    public async Task Creating_a_document_with_numbers_of_another_account_is_403_listing_them_and_stores_nothing()
    {
        var (first, second, free) = (TestDocuments.NewNumber(), TestDocuments.NewNumber(), TestDocuments.NewNumber());
        await api.AddNumbersAsync(_owner, second, first);

        var refused = await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(free, second, first));
        var listed = await Squatter.GetAsync(Collection(_account));
        var lookup = await api.LookupClient().GetAsync(LookupTesting.Did(free));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("forbidden", refused.Message);
        var ordered = new[] { first, second }.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal($"unauthorized to use {ordered[0]}, {ordered[1]}", refused.Data!["message"]!.GetValue<string>());
        Assert.Equal(ordered, refused.Data!["numbers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(listed.Data!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, lookup.Status);
        Assert.Null(await api.UsedByAsync(_owner, first));
    }

    public static TheoryData<string> Changes() => ["POST", "PATCH"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Changing_a_document_to_route_a_number_of_another_account_is_403_and_changes_nothing(string verb)
    {
        var taken = TestDocuments.NewNumber();
        await api.AddNumbersAsync(_owner, taken);
        var mine = await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var servers = mine.DataObject["servers"]!.DeepClone().AsArray();
        servers[0]!["DIDs"]![taken] = new JsonObject();
        var changed = (JsonObject)mine.DataObject.DeepClone();
        changed["servers"] = servers;

        var refused = verb == "POST"
            ? await Squatter.PostAsync(Document(_account, mine.Id), changed)
            : await Squatter.PatchAsync(Document(_account, mine.Id), new JsonObject { ["servers"] = servers.DeepClone() });
        var after = await Squatter.GetAsync(Document(_account, mine.Id));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal($"unauthorized to use {taken}", refused.Data!["message"]!.GetValue<string>());
        Assert.Equal(mine.Revision, after.Revision);
        Assert.Null(await api.UsedByAsync(_owner, taken));
    }

    [Fact]
    public async Task Numbers_in_the_accounts_own_inventory_or_in_none_are_accepted()
    {
        var own = TestDocuments.NewNumber();
        await api.AddNumbersAsync(_account, own);

        var created = await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(own, TestDocuments.NewNumber()));

        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    [Fact]
    public async Task A_superduper_admin_may_route_a_number_from_any_inventory()
    {
        var number = TestDocuments.NewNumber();
        await api.AddNumbersAsync(_owner, number);

        var created = await api.AdminClient().PutAsync(Collection(_account), TestDocuments.Trunk(number));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("trunkstore", await api.UsedByAsync(_owner, number));
    }

    [Fact]
    public async Task Used_by_is_trunkstore_exactly_while_a_live_document_of_the_account_routes_the_number()
    {
        var (number, other) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        await api.AddNumbersAsync(_account, number, other);

        var created = await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        var afterCreate = (await api.UsedByAsync(_account, number), await api.UsedByAsync(_account, other));
        var replaced = (JsonObject)created.DataObject.DeepClone();
        replaced["servers"]![0]!["DIDs"] = new JsonObject { [other] = new JsonObject() };
        await Squatter.PostAsync(Document(_account, created.Id), replaced);
        var afterReplace = (await api.UsedByAsync(_account, number), await api.UsedByAsync(_account, other));
        await Squatter.PatchAsync(Document(_account, created.Id), new JsonObject { ["servers"] = new JsonArray() });
        var afterPatch = (await api.UsedByAsync(_account, number), await api.UsedByAsync(_account, other));
        var second = await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        await Squatter.DeleteAsync(Document(_account, second.Id));
        var afterDelete = await api.UsedByAsync(_account, number);

        Assert.Equal(("trunkstore", (string?)null), afterCreate);
        Assert.Equal(((string?)null, "trunkstore"), afterReplace);
        Assert.Equal(((string?)null, (string?)null), afterPatch);
        Assert.Null(afterDelete);
    }

    [Fact]
    public async Task A_number_added_to_the_inventory_while_a_document_routes_it_is_added_as_used()
    {
        var number = TestDocuments.NewNumber();
        await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        await api.AddNumbersAsync(_account, number);

        Assert.Equal("trunkstore", await api.UsedByAsync(_account, number));
    }

    [Fact]
    public async Task A_write_refused_for_another_reason_leaves_used_by_as_it_was()
    {
        var (number, held) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        await api.AddNumbersAsync(_account, number);
        await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(held));

        var clash = await Squatter.PutAsync(Collection(_account), TestDocuments.Trunk(number, held));

        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Null(await api.UsedByAsync(_account, number));
    }

    [Fact]
    public async Task With_inventory_required_numbers_in_no_inventory_are_refused_except_for_admins()
    {
        await using var strict = api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:Numbers:RequireInventory", "true"));
        KazooClient Client(bool admin) => new(strict.CreateClient(), TokenIssuer.Issue(api.Auth, admin ? null : _account, superDuperAdmin: admin));
        var (own, unlisted, forAdmin) = (TestDocuments.NewNumber(), TestDocuments.NewNumber(), TestDocuments.NewNumber());
        await api.AddNumbersAsync(_account, own);

        var refused = await Client(admin: false).PutAsync(Collection(_account), TestDocuments.Trunk(own, unlisted));
        var accepted = await Client(admin: false).PutAsync(Collection(_account), TestDocuments.Trunk(own));
        var byAdmin = await Client(admin: true).PutAsync(Collection(_account), TestDocuments.Trunk(forAdmin));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal($"unauthorized to use {unlisted}", refused.Data!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, accepted.Status);
        Assert.Equal(HttpStatusCode.Created, byAdmin.Status);
    }

    [Fact]
    public async Task A_number_added_to_an_inventory_while_a_document_routing_it_commits_ends_up_consistent_either_way()
    {
        var admin = api.AdminClient();
        for (var round = 0; round < 20; round++)
        {
            // The document is validated before its transaction starts: the add sets off later and later, so that some
            // rounds land while the document's transaction is open.
            var delay = TimeSpan.FromMilliseconds(15 * round);
            var number = TestDocuments.NewNumber();
            var others = Enumerable.Range(0, 1000).Select(_ => TestDocuments.NewNumber());
            var creating = Squatter.PutAsync(Collection(_account), TestDocuments.Trunk([.. others, number]));
            var adding = Task.Delay(delay).ContinueWith(_ => admin.PutAsync(Inventory.Number(_owner, number), new JsonObject())).Unwrap();
            var (created, added) = (await creating, await adding);

            Assert.Equal(HttpStatusCode.Created, added.Status);
            // Either the inventory came first and the squatter was refused, or the document came first and the number
            // joined the inventory already used: never routed by a document while its inventory says it is spare.
            Assert.True(created.Status is HttpStatusCode.Created or HttpStatusCode.Forbidden, created.ToString());
            var expected = created.Status == HttpStatusCode.Created ? "trunkstore" : null;
            Assert.Equal(expected, await api.UsedByAsync(_owner, number));
        }
    }
}
