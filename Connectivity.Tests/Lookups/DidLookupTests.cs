using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Api.KazooClient;
using Doc = Connectivity.Tests.Documents.Json;

namespace Connectivity.Tests.Lookups;

public sealed class DidLookupTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Owner => api.AccountClient(_account);
    private KazooClient Router => api.LookupClient();

    [Fact]
    public async Task A_number_answers_with_its_account_document_server_settings_and_invite_target()
    {
        var number = TestDocuments.NewNumber();
        var document = TestDocuments.Trunk(number);
        var realm = document["account"]!["auth_realm"]!.GetValue<string>();
        document["account"]!["timeout"] = 40;
        document["servers"]![0]!["options"] = Doc.Object("""{"inbound_format":"npan","ip":"192.0.2.10","media_handling":"process","hunt_account_id":"0123456789abcdef0123456789abcdef"}""");
        document["servers"]![0]!["DIDs"]![number] = Doc.Object("""{"failover":{"sip":"sip:backup@example.com","e164":"+14155550100"},"options":["record"]}""");
        var created = await Owner.PutAsync(Collection(_account), document);

        var response = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Doc.AssertEqual(Doc.Object($$"""
            {"account_id":"{{_account}}","connectivity_id":"{{created.Id}}","server":{"index":0,"name":"pbx1"},
             "number":"{{number}}","routable":true,
             "settings":{"failover":{"e164":"+14155550100"},"media_handling":"process","delay":0,"timeout":40,
                         "caller_id":{"cid_name":"Acme","cid_number":"+14158867900"} },
             "inbound_format":"npan","hunt_account_id":"0123456789abcdef0123456789abcdef","hunt_non_reconcilable":false,
             "options":["record"],
             "invite":{"user":"{{number[2..]}}","realm":"{{realm}}","ip":"192.0.2.10","port":5060,
                       "port_in_uri":false,"request_uri":"sip:{{number[2..]}}@192.0.2.10"} }
            """), response.Data);
    }

    [Theory]
    [InlineData("+{0}")]
    [InlineData("%2B{0}")]
    [InlineData("{0}")]
    [InlineData("{1}")]
    [InlineData("%2B1%20{1}")]
    public async Task The_number_may_be_written_in_any_common_form(string form)
    {
        var number = TestDocuments.NewNumber();
        await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));

        var response = await Router.GetAsync(LookupTesting.Did(string.Format(System.Globalization.CultureInfo.InvariantCulture, form, number[1..], number[2..])));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(number, response.Data!["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_setting_comes_from_the_DID_else_the_server_options_else_the_account_else_is_absent()
    {
        var onDid = TestDocuments.NewNumber();
        var plain = TestDocuments.NewNumber();
        var document = TestDocuments.Trunk(onDid, plain);
        document["account"] = Doc.Object("""{"auth_realm":"acme.sip.example.com","progress_timeout":10,"timeout":40,"caller_id":{"cid_name":"Account"}}""");
        document["servers"]![0]!["options"] = Doc.Object("""{"inbound_format":"e164","progress_timeout":8,"timeout":30}""");
        document["servers"]![0]!["DIDs"]![onDid] = Doc.Object("""{"progress_timeout":6}""");
        await Owner.PutAsync(Collection(_account), document);

        var fromDid = (await Router.GetAsync(LookupTesting.Did(onDid))).Data!["settings"]!;
        var fromServer = (await Router.GetAsync(LookupTesting.Did(plain))).Data!["settings"]!;

        Assert.Equal(6, fromDid["progress_timeout"]!.GetValue<int>());
        Assert.Equal(8, fromServer["progress_timeout"]!.GetValue<int>());
        Assert.Equal(30, fromDid["timeout"]!.GetValue<int>());
        Assert.Equal("Account", fromDid["caller_id"]!["cid_name"]!.GetValue<string>());
        Assert.Null(fromDid["emergency_caller_id"]);
        Assert.Null(fromDid["failover"]);
        Assert.Null(fromServer["flags"]);
    }

    [Theory]
    [InlineData("e164", "+1{0}")]
    [InlineData("npan", "{0}")]
    [InlineData("1npan", "1{0}")]
    [InlineData("username", "{1}")]
    public async Task The_request_user_follows_the_server_inbound_format(string format, string expected)
    {
        var number = TestDocuments.NewNumber();
        var document = TestDocuments.Trunk(number);
        document["servers"]![0]!["options"]!["inbound_format"] = format;
        await Owner.PutAsync(Collection(_account), document);
        var user = document["servers"]![0]!["auth"]!["auth_user"]!.GetValue<string>();

        var response = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(format, response.Data!["inbound_format"]!.GetValue<string>());
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, number[2..], user),
            response.Data!["invite"]!["user"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("e.164", "e164", "+1{0}")]
    [InlineData("npanxxxxxx", "npan", "{0}")]
    [InlineData("1npanxxxxxx", "1npan", "1{0}")]
    [InlineData("e164_without_plus", "strip_plus", "1{0}")]
    [InlineData("strip_plus", "strip_plus", "1{0}")]
    public async Task A_legacy_inbound_format_in_a_document_imported_from_Kazoo_is_mapped_as_Kazoo_maps_it(
        string legacy, string format, string expected)
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        await api.SetStoredValueAsync(created.Id, ["servers", "0", "options", "inbound_format"], JsonValue.Create(legacy));

        var response = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(format, response.Data!["inbound_format"]!.GetValue<string>());
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, number[2..]),
            response.Data!["invite"]!["user"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_port_other_than_5060_is_written_in_the_request_uri()
    {
        var number = TestDocuments.NewNumber();
        var document = LookupTesting.IpTrunk("2001:db8::50", number);
        document["servers"]![0]!["auth"]!["port"] = 5080;
        await Owner.PutAsync(Collection(_account), document);

        var invite = (await Router.GetAsync(LookupTesting.Did(number))).Data!["invite"]!;

        Assert.Equal(5080, invite["port"]!.GetValue<int>());
        Assert.True(invite["port_in_uri"]!.GetValue<bool>());
        Assert.Equal($"sip:+{number[1..]}@[2001:db8::50]:5080", invite["request_uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_number_on_a_disabled_server_names_its_owner_but_is_not_routable()
    {
        var number = TestDocuments.NewNumber();
        var document = TestDocuments.Trunk(number);
        document["servers"]![0]!["options"]!["enabled"] = false;
        var created = await Owner.PutAsync(Collection(_account), document);

        var response = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Doc.AssertEqual(Doc.Object($$"""
            {"account_id":"{{_account}}","connectivity_id":"{{created.Id}}","server":{"index":0,"name":"pbx1"},
             "number":"{{number}}","routable":false,"not_routable":"server disabled"}
            """), response.Data);
    }

    [Fact]
    public async Task An_unknown_number_is_404()
    {
        var response = await Router.GetAsync(LookupTesting.Did(TestDocuments.NewNumber()));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("not_found", response.Message);
    }

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("1-800-FLOWERS")]
    [InlineData("12")]
    public async Task Something_that_is_not_a_phone_number_is_400(string number)
    {
        var response = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation error", response.Message);
        Assert.NotNull(response.Data!["number"]);
    }

    [Fact]
    public async Task A_number_of_a_deleted_document_is_404()
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        await Owner.DeleteAsync(Document(_account, created.Id));

        var response = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task A_lookup_right_after_a_write_sees_the_write()
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        var afterCreate = await Router.GetAsync(LookupTesting.Did(number));

        var document = TestDocuments.Trunk();
        await Owner.PostAsync(Document(_account, created.Id), document);
        var afterReplace = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(created.Id, afterCreate.Data!["connectivity_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, afterReplace.Status);
    }

    [Fact]
    public async Task A_patch_moving_a_number_to_another_server_is_seen_by_the_next_lookup()
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number).WithSecondServer("pbx2"));
        var before = await Router.GetAsync(LookupTesting.Did(number));
        var servers = created.DataObject["servers"]!.DeepClone().AsArray();
        servers[0]!["DIDs"] = new JsonObject();
        servers[1]!["DIDs"] = new JsonObject { [number] = new JsonObject() };

        var patched = await Owner.PatchAsync(Document(_account, created.Id), new JsonObject { ["servers"] = servers });
        var after = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("pbx1", before.Data!["server"]!["name"]!.GetValue<string>());
        Doc.AssertEqual(Doc.Object("""{"index":1,"name":"pbx2"}"""), after.Data!["server"]);
        Assert.Equal(number[2..], after.Data!["invite"]!["user"]!.GetValue<string>());
        Assert.Equal("192.0.2.20", after.Data!["invite"]!["ip"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_write_leaves_the_lookup_answering_as_before()
    {
        var number = TestDocuments.NewNumber();
        var created = await Owner.PutAsync(Collection(_account), TestDocuments.Trunk(number).WithSecondServer("pbx2"));
        var servers = created.DataObject["servers"]!.DeepClone().AsArray();
        servers[0]!["DIDs"] = new JsonObject();
        servers[1]!["DIDs"] = new JsonObject { [number] = new JsonObject() };
        servers[1]!["options"]!["media_handling"] = "proxy";

        var refused = await Owner.PatchAsync(Document(_account, created.Id), new JsonObject { ["servers"] = servers });
        var after = await Router.GetAsync(LookupTesting.Did(number));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("pbx1", after.Data!["server"]!["name"]!.GetValue<string>());
    }
}
