using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Lookups;
using Microsoft.AspNetCore.Hosting;
using Connectivity.Tests.Ownership;
using static Connectivity.Tests.Api.KazooClient;
using static Connectivity.Tests.Idempotency.Keyed;

namespace Connectivity.Tests.Api;

/// <summary><c>POST /v2/accounts/{A}/connectivity/batch</c>: several changes of one account, all applied or none.</summary>
public sealed class BatchTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();

    private KazooClient Owner => api.AccountClient(_account);
    private string BatchPath => Batch(_account);

    public static string Batch(string accountId) => $"{Collection(accountId)}/batch";

    /// <summary>A batch item; <paramref name="data"/> is sent as given.</summary>
    public static JsonObject Item(string op, string? id = null, JsonNode? data = null, string? revision = null)
    {
        var item = new JsonObject { ["op"] = op };
        if (id is not null) item["id"] = id;
        if (revision is not null) item["revision"] = revision;
        if (data is not null) item["data"] = data.DeepClone();
        return item;
    }

    /// <summary><paramref name="document"/> with server 0 routing exactly <paramref name="numbers"/>.</summary>
    public static JsonObject Routing(JsonObject document, params string[] numbers)
    {
        var copy = (JsonObject)document.DeepClone();
        var dids = new JsonObject();
        foreach (var number in numbers) dids[number] = new JsonObject();
        copy["servers"]![0]!["DIDs"] = dids;
        return copy;
    }

    [Fact]
    public async Task Moving_numbers_from_one_document_to_another_applies_both_bumps_their_revisions_and_lookups_answer_the_new_holder()
    {
        var (moving, alsoMoving, staying, kept) = (TestDocuments.NewNumber(), TestDocuments.NewNumber(), TestDocuments.NewNumber(), TestDocuments.NewNumber());
        await api.AddNumbersAsync(_account, moving);
        var fromDocument = TestDocuments.Trunk(moving, alsoMoving, staying);
        var toDocument = TestDocuments.Trunk(kept);
        var from = await Owner.PutAsync(Collection(_account), fromDocument);
        var to = await Owner.PutAsync(Collection(_account), toDocument);

        // The document gaining the numbers comes first: the order of the items does not matter.
        var moved = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("replace", to.Id, Routing(toDocument, kept, moving, alsoMoving), to.Revision),
            Item("patch", from.Id, new JsonObject { ["servers"] = new JsonArray(Routing(fromDocument, staying)["servers"]![0]!.DeepClone()) }, from.Revision)));

        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal("success", moved.Body!["status"]!.GetValue<string>());
        var results = moved.Data!.AsArray();
        Assert.Equal([("replace", to.Id, "success"), ("patch", from.Id, "success")],
            results.Select(r => (r!["op"]!.GetValue<string>(), r["id"]!.GetValue<string>(), r["status"]!.GetValue<string>())));
        Assert.All(results, r => Assert.StartsWith("2-", r!["revision"]!.GetValue<string>()));
        Assert.Equal(new[] { kept, moving, alsoMoving }.Order(), results[0]!["data"]!["servers"]![0]!["DIDs"]!.AsObject().Select(d => d.Key).Order());

        Assert.Equal(results[0]!["revision"]!.GetValue<string>(), (await Owner.GetAsync(Document(_account, to.Id))).Revision);
        Assert.Equal(results[1]!["revision"]!.GetValue<string>(), (await Owner.GetAsync(Document(_account, from.Id))).Revision);
        foreach (var (number, holder) in new[] { (moving, to.Id), (alsoMoving, to.Id), (staying, from.Id), (kept, to.Id) })
            Assert.Equal(holder, (await api.LookupClient().GetAsync(LookupTesting.Did(number))).Data!["connectivity_id"]!.GetValue<string>());
        Assert.Equal("trunkstore", await api.UsedByAsync(_account, moving));
    }

    [Fact]
    public async Task A_batch_with_one_invalid_item_is_a_400_naming_it_and_changes_nothing()
    {
        var (x, y) = await TwoDocumentsAsync();
        var invalid = Routing(y.Document, x.Number, y.Number);
        invalid["servers"]![0]!["auth"]!["auth_method"] = "carrier-pigeon";

        var refused = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("replace", x.Id, Routing(x.Document)),
            Item("replace", y.Id, invalid)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("validation error", refused.Message);
        var results = refused.Data!.AsArray();
        Assert.Equal(["not_applied", "error"], results.Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal("400", results[1]!["error"]!.GetValue<string>());
        Assert.NotNull(results[1]!["data"]!["servers.0.auth.auth_method"]!["enum"]);
        await AssertUnchangedAsync(x, y);
    }

    [Fact]
    public async Task A_stale_revision_guard_makes_the_whole_batch_a_412_even_after_another_failing_item_and_changes_nothing()
    {
        var (x, y) = await TwoDocumentsAsync();
        var patched = await Owner.PatchAsync(Document(_account, y.Id), new JsonObject { ["name"] = "changed meanwhile" });
        var invalid = Routing(x.Document);
        invalid["servers"]![0]!["auth"]!["auth_method"] = "carrier-pigeon";

        var refused = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("replace", x.Id, invalid, x.Revision),
            Item("replace", y.Id, Routing(y.Document, x.Number, y.Number), y.Revision)));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.Status);
        Assert.Equal("precondition_failed", refused.Message);
        var results = refused.Data!.AsArray();
        Assert.Equal([("error", "400"), ("error", "412")], results.Select(r => (r!["status"]!.GetValue<string>(), r["error"]!.GetValue<string>())));
        Assert.Equal(patched.Revision, results[1]!["data"]!["revision"]!.GetValue<string>());
        await AssertUnchangedAsync(x, y with { Revision = patched.Revision! });
    }

    [Fact]
    public async Task A_number_two_documents_of_the_batch_would_route_is_a_409_and_nothing_is_created()
    {
        var (twice, once) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());

        var refused = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("create", data: TestDocuments.Trunk(twice, once)),
            Item("create", data: TestDocuments.Trunk(twice))));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("datastore_conflict", refused.Message);
        var results = refused.Data!.AsArray();
        var ids = results.Select(r => r!["id"]!.GetValue<string>()).ToArray();
        Assert.All(results, r => Assert.Equal([twice], r!["data"]!["numbers"]!.AsArray().Select(n => n!.GetValue<string>())));
        Assert.Equal(ids[1], results[0]!["data"]!["dids"]![twice]!["connectivity_id"]!.GetValue<string>());
        Assert.Equal(ids[0], results[1]!["data"]!["dids"]![twice]!["connectivity_id"]!.GetValue<string>());
        Assert.Empty((await Owner.GetAsync(Collection(_account))).Data!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await api.LookupClient().GetAsync(LookupTesting.Did(once))).Status);
    }

    [Fact]
    public async Task A_number_a_document_outside_the_batch_routes_is_a_409_naming_it()
    {
        var (x, y) = await TwoDocumentsAsync();

        var refused = await Owner.PostAsync(BatchPath, new JsonArray(Item("patch", y.Id, new JsonObject
        {
            ["servers"] = new JsonArray(Routing(y.Document, y.Number, x.Number)["servers"]![0]!.DeepClone()),
        })));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(x.Id, refused.Data![0]!["data"]!["dids"]![x.Number]!["connectivity_id"]!.GetValue<string>());
        await AssertUnchangedAsync(x, y);
    }

    [Fact]
    public async Task Ids_of_another_account_are_not_found_for_that_item_and_nothing_is_applied()
    {
        var (x, y) = await TwoDocumentsAsync();
        var otherAccount = ApiFixture.NewId();
        var others = await api.AccountClient(otherAccount).PutAsync(Collection(otherAccount), TestDocuments.Trunk(TestDocuments.NewNumber()));

        var refused = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("delete", x.Id),
            Item("delete", others.Id),
            Item("patch", y.Id, new JsonObject { ["name"] = "renamed" })));

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal("bad_identifier", refused.Message);
        Assert.Equal(["not_applied", "error", "not_applied"], refused.Data!.AsArray().Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal(others.Id, refused.Data![1]!["data"]!["cause"]!.GetValue<string>());
        Assert.Equal(others.Revision, (await api.AccountClient(otherAccount).GetAsync(Document(otherAccount, others.Id))).Revision);
        await AssertUnchangedAsync(x, y);
    }

    [Fact]
    public async Task A_delete_and_a_create_taking_its_numbers_apply_together()
    {
        var (x, _) = await TwoDocumentsAsync();
        var requested = ApiFixture.NewId();

        var applied = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("create", requested, TestDocuments.Trunk(x.Number)),
            Item("delete", x.Id, revision: x.Revision)));

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        var results = applied.Data!.AsArray();
        Assert.Equal((requested, "1-"), (results[0]!["id"]!.GetValue<string>(), results[0]!["revision"]!.GetValue<string>()[..2]));
        Assert.True(results[1]!["data"]!["_read_only"]!["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await Owner.GetAsync(Document(_account, x.Id))).Status);
        Assert.Equal(requested, (await api.LookupClient().GetAsync(LookupTesting.Did(x.Number))).Data!["connectivity_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_number_of_another_accounts_inventory_is_refused_for_that_item_and_nothing_is_applied()
    {
        var (x, y) = await TwoDocumentsAsync();
        var theirs = TestDocuments.NewNumber();
        await api.AddNumbersAsync(ApiFixture.NewId(), theirs);

        var refused = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("replace", x.Id, Routing(x.Document)),
            Item("replace", y.Id, Routing(y.Document, y.Number, x.Number, theirs))));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal([theirs], refused.Data![1]!["data"]!["numbers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("not_applied", refused.Data![0]!["status"]!.GetValue<string>());
        await AssertUnchangedAsync(x, y);
    }

    [Fact]
    public async Task A_batch_past_the_item_limit_is_a_400_and_changes_nothing()
    {
        var (x, y) = await TwoDocumentsAsync();
        var items = new JsonArray([Item("delete", x.Id), .. Enumerable.Range(0, 100).Select(_ => Item("create", data: TestDocuments.Trunk()))]);

        var refused = await Owner.PostAsync(BatchPath, items);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(100, refused.Data!["data"]!["maxItems"]!["target"]!.GetValue<int>());
        Assert.Equal(2, (await Owner.GetAsync(Collection(_account))).Data!.AsArray().Count);
        await AssertUnchangedAsync(x, y);
    }

    [Fact]
    public async Task A_batch_without_revision_guards_takes_effect_alongside_concurrent_patches_of_its_documents()
    {
        var (x, y) = await TwoDocumentsAsync();

        var patches = Enumerable.Range(0, 8).Select(i => Owner.PatchAsync(Document(_account, x.Id), new JsonObject { [$"custom_{i}"] = i }));
        var batch = Owner.PostAsync(BatchPath, new JsonArray(
            Item("patch", x.Id, new JsonObject { ["moved"] = true }),
            Item("patch", y.Id, new JsonObject { ["moved"] = true })));
        var answers = await Task.WhenAll([.. patches, batch]);

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        var stored = await Owner.GetAsync(Document(_account, x.Id));
        Assert.True(stored.Data!["moved"]!.GetValue<bool>());
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(i, stored.Data![$"custom_{i}"]!.GetValue<int>()));
        Assert.StartsWith("10-", stored.Revision);
    }

    [Fact]
    public async Task The_document_quota_counts_item_by_item_so_a_delete_makes_room_for_a_later_create_but_not_an_earlier_one()
    {
        await using var service = api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:Quotas:DocumentsPerAccount", "2"));
        var client = new KazooClient(service.CreateClient(), TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
        var held = await client.PutAsync(Collection(_account), TestDocuments.Trunk());

        var refused = await client.PostAsync(BatchPath, new JsonArray(
            Item("create", data: TestDocuments.Trunk()),
            Item("create", data: TestDocuments.Trunk()),
            Item("delete", held.Id)));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("quota_exceeded", refused.Message);
        Assert.Equal(["not_applied", "error", "not_applied"], refused.Data!.AsArray().Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal([held.Id], (await client.GetAsync(Collection(_account))).Data!.AsArray().Select(id => id!.GetValue<string>()));

        var applied = await client.PostAsync(BatchPath, new JsonArray(
            Item("delete", held.Id),
            Item("create", data: TestDocuments.Trunk()),
            Item("create", data: TestDocuments.Trunk())));

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.Equal(2, (await client.GetAsync(Collection(_account))).Data!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"data": {"op": "delete"}}""", "json", "invalid")]
    [InlineData("""{"data": []}""", "data", "minItems")]
    [InlineData("""{"data": [{"op": "rename", "id": "0123456789abcdef0123456789abcdef"}]}""", "0.op", "enum")]
    [InlineData("""{"data": [{"op": "patch", "data": {}}]}""", "0.id", "required")]
    [InlineData("""{"data": [{"op": "delete", "id": "nope"}]}""", "0.id", "pattern")]
    [InlineData("""{"data": [{"op": "patch", "id": "0123456789abcdef0123456789abcdef"}]}""", "0.data", "required")]
    [InlineData("""{"data": [{"op": "create", "data": []}]}""", "0.data", "type")]
    [InlineData("""{"data": [{"op": "create", "data": {}, "revision": "1-abc"}]}""", "0.revision", "invalid")]
    [InlineData("""{"data": [{"op": "delete", "id": "0123456789abcdef0123456789abcdef", "revision": 3}]}""", "0.revision", "type")]
    [InlineData("""{"data": [7]}""", "0", "type")]
    [InlineData("""{"data": [{"op": "delete", "id": "0123456789abcdef0123456789abcdef"}, {"op": "patch", "id": "0123456789abcdef0123456789abcdef", "data": {}}]}""", "1.id", "uniqueItems")]
    [InlineData("""{"data": [{"op": "create", "data": {"id": "0123456789abcdef0123456789abcdef"}}, {"op": "delete", "id": "0123456789abcdef0123456789abcdef"}]}""", "1.id", "uniqueItems")]
    public async Task A_malformed_batch_is_a_400_naming_the_problem_by_path(string body, string path, string keyword)
    {
        var refused = await Owner.SendRawAsync(HttpMethod.Post, BatchPath, body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Data![path]?[keyword]);
        Assert.Empty((await Owner.GetAsync(Collection(_account))).Data!.AsArray());
    }

    [Fact]
    public async Task A_batch_is_refused_to_a_token_of_another_account()
    {
        var refused = await api.AccountClient(ApiFixture.NewId()).PostAsync(BatchPath, new JsonArray(Item("create", data: TestDocuments.Trunk())));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Empty((await Owner.GetAsync(Collection(_account))).Data!.AsArray());
    }

    private sealed record Stored(string Id, string Revision, string Number, JsonObject Document);

    /// <summary>Two documents of the account, one number each.</summary>
    private async Task<(Stored X, Stored Y)> TwoDocumentsAsync()
    {
        async Task<Stored> CreateAsync()
        {
            var number = TestDocuments.NewNumber();
            var document = TestDocuments.Trunk(number);
            var created = await Owner.PutAsync(Collection(_account), document);
            Assert.Equal(HttpStatusCode.Created, created.Status);
            return new Stored(created.Id, created.Revision!, number, document);
        }
        return (await CreateAsync(), await CreateAsync());
    }

    /// <summary>Both documents still at their revision, and their numbers still answered by them.</summary>
    private async Task AssertUnchangedAsync(params Stored[] documents)
    {
        foreach (var document in documents)
        {
            Assert.Equal(document.Revision, (await Owner.GetAsync(Document(_account, document.Id))).Revision);
            var lookup = await api.LookupClient().GetAsync(LookupTesting.Did(document.Number));
            Assert.Equal(document.Id, lookup.Data!["connectivity_id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_batch_retried_under_its_idempotency_key_answers_the_first_answer_again_and_changes_nothing_more()
    {
        var (first, second) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(first));
        var items = new JsonArray(
            Item("patch", created.Id, new JsonObject { ["name"] = "Moved" }),
            Item("create", data: TestDocuments.Trunk(second)));
        var key = NewKey();

        var applied = await Owner.PostAsync(BatchPath, items, With(key));
        var retried = await Owner.PostAsync(BatchPath, items, With(key));

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.True(IsReplay(retried));
        Assert.Equal(applied.Data!.ToJsonString(), retried.Data!.ToJsonString());
        Assert.Equal(2, await DocumentsAsync(api.ConnectionString, _account));
        Assert.Equal(2, await RevisionsAsync(api.ConnectionString, created.Id));
    }

    [Fact]
    public async Task A_batch_move_is_in_the_usage_record_with_the_revisions_it_wrote()
    {
        var (moving, kept) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        var fromDocument = TestDocuments.Trunk(moving);
        var toDocument = TestDocuments.Trunk(kept);
        var from = await Owner.PutAsync(Collection(_account), fromDocument);
        var to = await Owner.PutAsync(Collection(_account), toDocument);

        var moved = await Owner.PostAsync(BatchPath, new JsonArray(
            Item("replace", to.Id, Routing(toDocument, kept, moving)),
            Item("replace", from.Id, Routing(fromDocument))));
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        var asOf = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        var snapshot = (await Owner.GetAsync($"{Collection(_account)}/usage?as_of={asOf}")).DataObject;

        Assert.Equal(2, snapshot["dids"]!.GetValue<long>());
        var written = moved.Data!.AsArray().Select(r => (r!["id"]!.GetValue<string>(), r["revision"]!.GetValue<string>())).OrderBy(d => d.Item1, StringComparer.Ordinal);
        Assert.Equal(written, snapshot["documents"]!.AsArray().Select(d => (d!["id"]!.GetValue<string>(), d["revision"]!.GetValue<string>())));
    }
}
