using System.Net;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

public sealed class CrudTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    [Fact]
    public async Task Put_creates_a_document_with_201_location_revision_and_the_stored_document()
    {
        var number = TestDocuments.NewNumber();
        var response = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var id = response.Id;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(Document(_account, id), response.Header("Location"));
        Assert.Matches("^1-[0-9a-f]{32}$", response.Revision);
        Assert.Equal($"\"{response.Revision}\"", response.Header("ETag"));
        Assert.Equal("Acme PBX", response.DataObject["name"]!.GetValue<string>());
        Assert.NotNull(response.DataObject["servers"]![0]!["DIDs"]![number]);
    }

    [Fact]
    public async Task The_envelope_carries_status_revision_request_id_auth_token_timestamp_version_and_node()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var fetched = await Client.GetAsync(Document(_account, created.Id), r => r.Headers.Add("X-Request-ID", "billing-42"));

        var body = fetched.Body!;
        Assert.Equal("success", body["status"]!.GetValue<string>());
        Assert.Equal(created.Revision, body["revision"]!.GetValue<string>());
        Assert.Equal("billing-42", body["request_id"]!.GetValue<string>());
        Assert.Equal("billing-42", fetched.Header("X-Request-ID"));
        Assert.False(string.IsNullOrEmpty(body["auth_token"]?.GetValue<string>()));
        Assert.True(DateTimeOffset.TryParse(body["timestamp"]!.GetValue<string>(), out _));
        Assert.False(string.IsNullOrEmpty(body["version"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["node"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Every_response_gets_a_request_id_even_when_the_client_sends_none()
    {
        var response = await Client.GetAsync(Collection(_account));
        Assert.False(string.IsNullOrEmpty(response.Header("X-Request-ID")));
        Assert.Equal(response.Header("X-Request-ID"), response.Body!["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fetch_returns_the_whole_stored_document_with_its_id_and_written_defaults()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var fetched = await Client.GetAsync(Document(_account, created.Id));

        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(created.Id, fetched.Id);
        var options = fetched.DataObject["servers"]![0]!["options"]!;
        Assert.Equal("e164", options["inbound_format"]!.GetValue<string>());
        Assert.True(options["enabled"]!.GetValue<bool>());
        Assert.Equal("bypass", options["media_handling"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(created.Data, fetched.Data));
    }

    [Fact]
    public async Task Post_replaces_every_public_field_and_bumps_the_revision()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var replacement = new JsonObject { ["name"] = "Replaced", ["servers"] = new JsonArray() };

        var changed = await Client.PostAsync(Document(_account, created.Id), replacement);

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("Replaced", changed.DataObject["name"]!.GetValue<string>());
        Assert.Null(changed.DataObject["account"]);
        Assert.Empty(changed.DataObject["servers"]!.AsArray());
        Assert.StartsWith("2-", changed.Revision);
        Assert.Equal(created.Id, changed.Id);
    }

    [Fact]
    public async Task Patch_merges_into_the_stored_document_and_null_deletes_a_key()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var patch = new JsonObject
        {
            ["name"] = null,
            ["account"] = new JsonObject { ["trunks"] = 10, ["caller_id"] = new JsonObject { ["cid_name"] = null } },
        };

        var patched = await Client.PatchAsync(Document(_account, created.Id), patch);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var data = patched.DataObject;
        Assert.False(data.ContainsKey("name"));
        Assert.Equal(10, data["account"]!["trunks"]!.GetValue<int>());
        Assert.Equal(created.DataObject["account"]!["auth_realm"]!.GetValue<string>(), data["account"]!["auth_realm"]!.GetValue<string>());
        Assert.False(data["account"]!["caller_id"]!.AsObject().ContainsKey("cid_name"));
        Assert.Equal("+14158867900", data["account"]!["caller_id"]!["cid_number"]!.GetValue<string>());
        Assert.Single(data["servers"]!.AsArray());
    }

    [Fact]
    public async Task Patch_replaces_arrays_whole()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var patched = await Client.PatchAsync(Document(_account, created.Id), new JsonObject { ["servers"] = new JsonArray() });
        Assert.Empty(patched.DataObject["servers"]!.AsArray());
    }

    [Fact]
    public async Task A_patch_that_makes_the_document_invalid_is_rejected_and_changes_nothing()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var patch = new JsonObject { ["account"] = new JsonObject { ["trunks"] = "many" } };

        var rejected = await Client.PatchAsync(Document(_account, created.Id), patch);
        var fetched = await Client.GetAsync(Document(_account, created.Id));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.Status);
        Assert.NotNull(rejected.Data!["account.trunks"]!["type"]);
        Assert.Equal(created.Revision, fetched.Revision);
        Assert.Equal(4, fetched.DataObject["account"]!["trunks"]!.GetValue<int>());
    }

    [Fact]
    public async Task Keys_the_spec_does_not_name_round_trip_unchanged()
    {
        var document = JsonNode.Parse("""
            {
              "name": "PBX Connector",
              "billing_account_id": "f0e1d2c3b4a5968778695a4b3c2d1e0f",
              "DIDs_Unassigned": {"+14155550100": {"description": "spare"}},
              "account": {"credits": {"prepay": 12.5}, "inbound_trunks": 2, "trunks": 0},
              "servers": [{
                "server_name": "Office PBX", "server_type": "FreePBX",
                "cfg": {"register_time": 600, "codecs": ["PCMU", "G722"]},
                "monitor": {"monitor_enabled": false},
                "permissions": {"users": []},
                "auth": {"auth_method": "IP", "ip": "192.0.2.10"},
                "options": {"e911_info": {"street_address": "1 Main St", "postal_code": "94105"}, "codecs": ["PCMU"]}
              }]
            }
            """)!.AsObject();

        var created = await Client.PutAsync(Collection(_account), document);
        var fetched = await Client.GetAsync(Document(_account, created.Id));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var data = fetched.DataObject;
        Assert.True(JsonNode.DeepEquals(document["billing_account_id"], data["billing_account_id"]));
        Assert.True(JsonNode.DeepEquals(document["DIDs_Unassigned"], data["DIDs_Unassigned"]));
        Assert.True(JsonNode.DeepEquals(document["account"]!["credits"], data["account"]!["credits"]));
        Assert.True(JsonNode.DeepEquals(document["account"]!["inbound_trunks"], data["account"]!["inbound_trunks"]));
        var server = data["servers"]![0]!;
        foreach (var key in new[] { "server_name", "server_type", "cfg", "monitor", "permissions" })
            Assert.True(JsonNode.DeepEquals(document["servers"]![0]![key], server[key]), key);
        Assert.True(JsonNode.DeepEquals(document["servers"]![0]!["options"]!["e911_info"], server["options"]!["e911_info"]));
        Assert.True(JsonNode.DeepEquals(document["servers"]![0]!["options"]!["codecs"], server["options"]!["codecs"]));
    }

    [Fact]
    public async Task Put_uses_a_free_client_supplied_id_and_rejects_a_taken_one_with_409()
    {
        var id = ApiFixture.NewId();
        var document = TestDocuments.Trunk();
        document["id"] = id;

        var created = await Client.PutAsync(Collection(_account), document);
        var again = await Client.PutAsync(Collection(_account), new JsonObject { ["id"] = id, ["name"] = "second" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(id, created.Id);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("datastore_conflict", again.Message);
        Assert.Equal("Acme PBX", (await Client.GetAsync(Document(_account, id))).DataObject["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_owned_keys_sent_by_a_client_are_not_stored()
    {
        var document = TestDocuments.Trunk();
        document["pvt_account_id"] = "someone-else";
        document["_rev"] = "9-abc";
        document["_read_only"] = new JsonObject { ["deleted"] = true };

        var created = await Client.PutAsync(Collection(_account), document);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.False(created.DataObject.ContainsKey("pvt_account_id"));
        Assert.False(created.DataObject.ContainsKey("_rev"));
        Assert.False(created.DataObject.ContainsKey("_read_only"));
    }

    [Fact]
    public async Task Delete_is_soft_the_document_disappears_from_reads_and_lists_but_its_row_is_kept()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());

        var deleted = await Client.DeleteAsync(Document(_account, created.Id));
        var fetched = await Client.GetAsync(Document(_account, created.Id));
        var listed = await Client.GetAsync(Collection(_account) + "?paginate=false");
        var patched = await Client.PatchAsync(Document(_account, created.Id), new JsonObject { ["name"] = "zombie" });

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.True(deleted.DataObject["_read_only"]!["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, fetched.Status);
        Assert.Equal("bad_identifier", fetched.Message);
        Assert.DoesNotContain(created.Id, listed.Data!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, patched.Status);

        await using var db = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await db.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT deleted FROM connectivity_documents WHERE id = @id", db);
        command.Parameters.AddWithValue("id", created.Id);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_document_of_another_account_is_not_found_even_for_an_admin_asking_through_the_wrong_account()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var other = ApiFixture.NewId();
        var response = await api.AdminClient().GetAsync(Document(other, created.Id));
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }
}
