using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Connectivity.Tests.Api.KazooClient;
using static Connectivity.Tests.Idempotency.Keyed;
using static Connectivity.Tests.Ownership.Inventory;

namespace Connectivity.Tests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on the write routes: a retry answers what the first request answered and writes nothing, a
/// different request under the key is a 422, one still running a 409; keys belong to their account and expire.
/// </summary>
public sealed class IdempotencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    [Fact]
    public async Task A_retried_create_answers_the_first_201_again_marked_replayed_and_one_document_exists()
    {
        var key = NewKey();
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());

        var first = await Client.PutAsync(Collection(_account), document, With(key));
        var retried = await Client.PutAsync(Collection(_account), document, With(key));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.False(IsReplay(first));
        Assert.Equal(HttpStatusCode.Created, retried.Status);
        Assert.True(IsReplay(retried));
        AssertSameAnswer(first, retried);
        Assert.Equal(first.Header("Location"), retried.Header("Location"));
        Assert.Equal(1, await DocumentsAsync(api.ConnectionString, _account));
        Assert.Equal(1, await ChangesAsync(api.ConnectionString, _account));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task A_retried_change_answers_the_first_answer_again_and_makes_no_second_revision(string method)
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var change = created.DataObject.DeepClone().AsObject();
        change["name"] = "Renamed";
        var key = NewKey();

        var first = await Send(method, Document(_account, created.Id), change, key);
        var retried = await Send(method, Document(_account, created.Id), change, key);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True(IsReplay(retried));
        AssertSameAnswer(first, retried);
        Assert.StartsWith("2-", retried.Revision);
        Assert.Equal(2, await RevisionsAsync(api.ConnectionString, created.Id));
        Assert.Equal(2, await ChangesAsync(api.ConnectionString, _account));
    }

    [Fact]
    public async Task A_retried_delete_answers_the_first_200_again_instead_of_404()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var key = NewKey();

        var first = await Client.DeleteAsync(Document(_account, created.Id), With(key));
        var retried = await Client.DeleteAsync(Document(_account, created.Id), With(key));
        var unkeyed = await Client.DeleteAsync(Document(_account, created.Id));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True(IsReplay(retried));
        AssertSameAnswer(first, retried);
        Assert.True(retried.DataObject["_read_only"]!["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, unkeyed.Status);
        Assert.Equal(2, await RevisionsAsync(api.ConnectionString, created.Id));
    }

    [Fact]
    public async Task A_replay_carries_the_retrying_requests_token_and_no_token_is_stored()
    {
        var key = NewKey();
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        var otherToken = TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false, lifetime: TimeSpan.FromMinutes(5));

        var first = await Client.PutAsync(Collection(_account), document, With(key));
        var retried = await api.Client(otherToken).PutAsync(Collection(_account), document, With(key));

        Assert.True(IsReplay(retried));
        Assert.Equal(otherToken, retried.Body!["auth_token"]!.GetValue<string>());
        Assert.NotEqual(first.Body!["auth_token"]!.GetValue<string>(), retried.Body!["auth_token"]!.GetValue<string>());
        var stored = (string)(await Sql.ScalarAsync(api.ConnectionString,
            "SELECT body FROM connectivity_idempotency_keys WHERE account_id = @account", new NpgsqlParameter("account", _account)))!;
        Assert.DoesNotContain("auth_token", stored);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("if-match")]
    [InlineData("method")]
    [InlineData("document")]
    public async Task The_same_key_on_a_different_request_is_a_422_and_changes_nothing(string difference)
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var other = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var key = NewKey();
        var first = await Client.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = "First" }, With(key));

        var reused = difference switch
        {
            "body" => await Client.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = "Second" }, With(key)),
            "if-match" => await Client.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = "First" },
                request => { With(key)(request); request.Headers.TryAddWithoutValidation("If-Match", first.Revision); }),
            "method" => await Client.PostAsync(Document(_account, created.Id), new JsonObject { ["name"] = "First" }, With(key)),
            _ => await Client.PatchAsync(Document(_account, other.Id), new JsonObject { ["name"] = "First" }, With(key)),
        };

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Equal("idempotency_key_reused", reused.Message);
        Assert.Equal("422", reused.Body!["error"]!.GetValue<string>());
        Assert.Equal(2, await RevisionsAsync(api.ConnectionString, created.Id));
        Assert.Equal(1, await RevisionsAsync(api.ConnectionString, other.Id));
    }

    [Fact]
    public async Task Concurrent_requests_under_one_key_make_one_document_and_the_others_get_409_or_its_replay()
    {
        var key = NewKey();
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Client.PutAsync(Collection(_account), document, With(key)))));

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var created = Assert.Single(answers, a => a.Status == HttpStatusCode.Created && !IsReplay(a));
        Assert.All(answers.Where(IsReplay), replay => AssertSameAnswer(created, replay));
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.Conflict), a => Assert.Equal("idempotency_key_in_use", a.Message));
        Assert.Equal(1, await DocumentsAsync(api.ConnectionString, _account));
    }

    [Fact]
    public async Task A_key_belongs_to_its_account_so_another_account_using_it_gets_its_own_write()
    {
        var key = NewKey();
        var otherAccount = ApiFixture.NewId();

        var mine = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(key));
        var theirs = await api.AccountClient(otherAccount).PutAsync(Collection(otherAccount), TestDocuments.Trunk(TestDocuments.NewNumber()), With(key));

        Assert.Equal(HttpStatusCode.Created, mine.Status);
        Assert.Equal(HttpStatusCode.Created, theirs.Status);
        Assert.False(IsReplay(theirs));
        Assert.NotEqual(mine.Id, theirs.Id);
        Assert.Equal(1, await DocumentsAsync(api.ConnectionString, otherAccount));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"unterminated")]
    [InlineData("\"bad \\escape\"")]
    [InlineData("\"inner \" quote\"")]
    [InlineData("two words")]
    [InlineData("ключ")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\there")]
    [InlineData("nul\0here")]
    [InlineData("bell\u0007")]
    public async Task A_malformed_key_is_a_400_naming_the_header_and_changes_nothing(string key)
    {
        var answer = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(key));

        AssertRefusedKey(answer);
        Assert.Equal(0, await DocumentsAsync(api.ConnectionString, _account));
    }

    [Fact]
    public async Task A_key_longer_than_255_characters_is_a_400_and_one_of_255_is_accepted()
    {
        var tooLong = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(new string('k', 256)));
        var longest = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(new string('k', 255)));
        var huge = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With($"\"{new string('k', 16_000)}\""));

        AssertRefusedKey(tooLong);
        AssertRefusedKey(huge);
        Assert.Equal(HttpStatusCode.Created, longest.Status);
        Assert.Equal(1, await DocumentsAsync(api.ConnectionString, _account));
    }

    [Fact]
    public async Task Two_idempotency_key_headers_are_a_400()
    {
        var answer = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()),
            request => { request.Headers.TryAddWithoutValidation(Header, "one"); request.Headers.TryAddWithoutValidation(Header, "two"); });

        AssertRefusedKey(answer);
    }

    [Fact]
    public async Task A_quoted_key_and_the_same_key_unquoted_are_one_key()
    {
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());

        var first = await Client.PutAsync(Collection(_account), document, With("\"order-17 \\\"b\\\"\""));
        var unquoted = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With("order-17"));
        var retried = await Client.PutAsync(Collection(_account), document, With("\"order-17 \\\"b\\\"\""));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, unquoted.Status);
        Assert.False(IsReplay(unquoted));
        Assert.True(IsReplay(retried));
        Assert.Equal(first.Id, retried.Id);
        Assert.Equal("order-17 \"b\"", await Sql.ScalarAsync(api.ConnectionString,
            "SELECT key FROM connectivity_idempotency_keys WHERE account_id = @account AND key <> 'order-17'", new NpgsqlParameter("account", _account)));
    }

    [Fact]
    public async Task A_failed_request_leaves_no_record_so_its_corrected_retry_under_the_same_key_runs()
    {
        var key = NewKey();
        var invalid = TestDocuments.Trunk(TestDocuments.NewNumber());
        invalid["servers"]![0]!["options"] = new JsonObject { ["media_handling"] = "teleport" };

        var refused = await Client.PutAsync(Collection(_account), invalid, With(key));
        var recordsAfterRefusal = await RecordsAsync(api.ConnectionString, _account);
        var corrected = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(key));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(0, recordsAfterRefusal);
        Assert.Equal(HttpStatusCode.Created, corrected.Status);
        Assert.False(IsReplay(corrected));
    }

    [Fact]
    public async Task Writes_without_a_key_keep_no_record()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        await Client.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = "Renamed" });
        await Client.DeleteAsync(Document(_account, created.Id));

        Assert.Equal(0, await RecordsAsync(api.ConnectionString, _account));
    }

    [Fact]
    public async Task A_retried_number_add_and_release_answer_their_first_answers_again()
    {
        var admin = api.AdminClient();
        var number = Number(_account, TestDocuments.NewNumber());
        var (addKey, releaseKey) = (NewKey(), NewKey());

        var added = await admin.PutAsync(number, new JsonObject(), With(addKey));
        var addedAgain = await admin.PutAsync(number, new JsonObject(), With(addKey));
        var released = await admin.DeleteAsync(number, With(releaseKey));
        var releasedAgain = await admin.DeleteAsync(number, With(releaseKey));

        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal(HttpStatusCode.Created, addedAgain.Status);
        Assert.True(IsReplay(addedAgain));
        AssertSameAnswer(added, addedAgain);
        Assert.Equal(added.Header("Location"), addedAgain.Header("Location"));
        Assert.Equal(HttpStatusCode.OK, released.Status);
        Assert.True(IsReplay(releasedAgain));
        AssertSameAnswer(released, releasedAgain);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(number)).Status);
    }

    [Fact]
    public async Task A_key_past_its_retention_may_be_used_for_a_new_request()
    {
        var clock = new ShiftedClock();
        await using var service = Service(clock);
        var client = AccountClient(service);
        var key = NewKey();

        var first = await client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(key));
        var withinRetention = await client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(key));
        clock.Offset = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1);
        var afterRetention = await client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(key));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withinRetention.Status);
        Assert.Equal(HttpStatusCode.Created, afterRetention.Status);
        Assert.False(IsReplay(afterRetention));
        Assert.NotEqual(first.Id, afterRetention.Id);
        Assert.Equal(2, await DocumentsAsync(api.ConnectionString, _account));
    }

    [Fact]
    public async Task Records_past_their_retention_are_purged()
    {
        var clock = new ShiftedClock();
        await using var service = Service(clock, web => web.UseSetting("Connectivity:Idempotency:PurgeInterval", "00:00:00.200"));
        var created = await AccountClient(service).PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()), With(NewKey()));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(1, await RecordsAsync(api.ConnectionString, _account));

        clock.Offset = TimeSpan.FromDays(2);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await RecordsAsync(api.ConnectionString, _account) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The expired record was not purged within 15 s.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_claim_another_replica_holds_is_a_409_until_its_lease_ends_then_a_retry_runs()
    {
        var clock = new ShiftedClock();
        await using var service = Service(clock);
        var client = AccountClient(service);
        var key = NewKey();
        await Sql.ExecuteAsync(api.ConnectionString, $"""
            INSERT INTO connectivity_idempotency_keys (account_id, key, fingerprint, owner, claim, lease_until, expires_at)
            VALUES ('{_account}', '{key}', '\x00', gen_random_uuid(), gen_random_uuid(), now() + interval '30 seconds', now() + interval '1 day')
            """);
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());

        var whileLeased = await client.PutAsync(Collection(_account), document, With(key));
        clock.Offset = TimeSpan.FromSeconds(31);
        var afterLease = await client.PutAsync(Collection(_account), document, With(key));

        Assert.Equal(HttpStatusCode.Conflict, whileLeased.Status);
        Assert.Equal("idempotency_key_in_use", whileLeased.Message);
        Assert.Equal(HttpStatusCode.Created, afterLease.Status);
        Assert.Equal(1, await DocumentsAsync(api.ConnectionString, _account));
    }

    private Task<KazooResponse> Send(string method, string path, JsonObject data, string key) =>
        method == "POST" ? Client.PostAsync(path, data, With(key)) : Client.PatchAsync(path, data, With(key));

    private WebApplicationFactory<Program> Service(ShiftedClock clock, Action<IWebHostBuilder>? configure = null) =>
        api.Factory.WithWebHostBuilder(web =>
        {
            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
            configure?.Invoke(web);
        });

    private KazooClient AccountClient(WebApplicationFactory<Program> service) =>
        new(service.CreateClient(), TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));

    /// <summary>The replay is the first answer: status, envelope (request id and time included), ETag.</summary>
    private static void AssertSameAnswer(KazooResponse first, KazooResponse replay)
    {
        Assert.Equal(first.Status, replay.Status);
        Assert.Equal(first.Header("ETag"), replay.Header("ETag"));
        foreach (var field in new[] { "data", "status", "revision", "request_id", "timestamp" })
            Assert.True(JsonNode.DeepEquals(first.Body![field], replay.Body![field]), $"{field}: {first.Body![field]} vs {replay.Body![field]}");
    }

    private static void AssertRefusedKey(KazooResponse answer)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("validation error", answer.Message);
        Assert.NotNull(answer.DataObject[Header]!["invalid"]!["message"]);
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
