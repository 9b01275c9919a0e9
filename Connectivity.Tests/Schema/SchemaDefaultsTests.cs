using System.Text.Json.Nodes;
using static Connectivity.Tests.Schema.Documents;

namespace Connectivity.Tests.Schema;

public class SchemaDefaultsTests
{
    private const string ServerOptionDefaults =
        """{"delay":0,"enabled":true,"force_outbound":false,"hunt_non_reconcilable":false,"inbound_format":"npan","media_handling":"bypass"}""";

    [Fact]
    public void An_empty_document_gets_an_empty_server_list()
    {
        Assert.Equal("""{"servers":[]}""", Prepare("{}").ToJsonString());
        AssertValid("{}");
    }

    [Fact]
    public void A_server_without_options_gets_an_options_object_with_every_default()
    {
        var server = Prepare("""{"servers": [{"auth": {"auth_method": "IP"}}]}""")["servers"]![0]!;
        Assert.Equal(ServerOptionDefaults, server["options"]!.ToJsonString());
    }

    [Fact]
    public void Given_options_are_kept_and_only_the_missing_ones_are_defaulted()
    {
        var options = Prepare("""{"servers": [{"auth": {}, "options": {"enabled": false, "media_handling": "process", "codecs": ["PCMU"]}}]}""")["servers"]![0]!["options"]!;
        Assert.False(options["enabled"]!.GetValue<bool>());
        Assert.Equal("process", options["media_handling"]!.GetValue<string>());
        Assert.Equal("npan", options["inbound_format"]!.GetValue<string>());
        Assert.Equal(0, options["delay"]!.GetValue<long>());
        Assert.Equal("""["PCMU"]""", options["codecs"]!.ToJsonString());
    }

    [Fact]
    public void Auth_without_a_method_defaults_to_password()
    {
        var document = Prepare("""{"servers": [{"auth": {"auth_user": "acme"}}]}""");
        Assert.Equal("password", document["servers"]![0]!["auth"]!["auth_method"]!.GetValue<string>());
        AssertValid("""{"servers": [{"auth": {"auth_user": "acme"}}]}""");
    }

    [Fact]
    public void A_missing_auth_is_not_created_so_it_fails_required()
    {
        var document = Prepare("""{"servers": [{"name": "pbx"}]}""");
        Assert.False(document["servers"]![0]!.AsObject().ContainsKey("auth"));
        Assert.NotNull(KazooErrors("""{"servers": [{"name": "pbx"}]}""")["servers.0.auth"]!["required"]);
    }

    [Fact]
    public void Every_DID_gets_force_outbound_false_but_no_DID_is_invented()
    {
        var dids = Prepare(WithServer(""" "DIDs": {"+14158867900": {}, "+14158867901": {"force_outbound": true}}"""))["servers"]![0]!["DIDs"]!;
        AssertJson("""{"+14158867900":{"force_outbound":false},"+14158867901":{"force_outbound":true}}""", dids);
        Assert.Equal("{}", Prepare(WithServer(""" "DIDs": {}"""))["servers"]![0]!["DIDs"]!.ToJsonString());
        Assert.False(Prepare(WithServer(""))["servers"]![0]!.AsObject().ContainsKey("DIDs"));
    }

    [Fact]
    public void Objects_without_defaults_below_them_are_not_created()
    {
        var document = Prepare(WithServer(""));
        Assert.False(document.ContainsKey("account"));
        Assert.False(document["servers"]![0]!["options"]!.AsObject().ContainsKey("caller_id"));
        Assert.False(document["servers"]![0]!["options"]!.AsObject().ContainsKey("failover"));
    }

    [Fact]
    public void An_explicit_null_is_not_replaced_by_a_default()
    {
        var document = Prepare("""{"servers": null}""");
        Assert.True(document.ContainsKey("servers"));
        Assert.Null(document["servers"]);
    }

    [Fact]
    public void Defaults_of_a_wrong_typed_container_are_skipped_and_left_to_validation()
    {
        var document = Prepare("""{"servers": [{"auth": "x", "options": 3, "DIDs": []}, 7]}""");
        Assert.Equal("""{"servers":[{"auth":"x","options":3,"DIDs":[]},7]}""", document.ToJsonString());
    }

    [Fact]
    public void Each_server_gets_its_own_copy_of_the_defaults()
    {
        var servers = Prepare("""{"servers": [{"auth": {}}, {"auth": {}}]}""")["servers"]!;
        servers[0]!["options"]!["delay"] = 5;
        Assert.Equal(0, servers[1]!["options"]!["delay"]!.GetValue<long>());
        Assert.Equal(ServerOptionDefaults, servers[1]!["options"]!.ToJsonString());
    }

    [Fact]
    public void Applying_defaults_twice_changes_nothing_more()
    {
        var once = Prepare(WithDid(""));
        var twice = (JsonObject)once.DeepClone();
        Connectivity.Domain.Schema.SchemaDefaults.Apply(twice);
        Assert.True(JsonNode.DeepEquals(once, twice));
    }
}
