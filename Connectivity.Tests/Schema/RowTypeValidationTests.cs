using System.Text.Json.Nodes;
using static Connectivity.Tests.Schema.Documents;

namespace Connectivity.Tests.Schema;

/// <summary>One passing and one failing example for every notation the spec table uses.</summary>
public class RowTypeValidationTests
{
    private static readonly string ThirtyFive = new('x', 35);
    private static readonly string ThirtySix = new('x', 36);

    private static string AccountCidName(string name) => """{"account": {"caller_id": {"cid_name": """ + $"\"{name}\"" + "}}}";

    [Fact]
    public void A_plain_string_accepts_any_text_and_rejects_a_number()
    {
        AssertValid("""{"name": "Acme trunks"}""");
        var error = ErrorAt(KazooErrors("""{"name": 5}"""), "name", "type");
        Assert.Equal("""{"message":"Value did not match type(s): string","target":"string","value":5}""", error.ToJsonString());
    }

    [Fact]
    public void A_cid_name_of_0_to_35_characters_accepts_empty_and_35_characters()
    {
        AssertValid("""{"account": {"caller_id": {"cid_name": ""}}}""");
        AssertValid(AccountCidName(ThirtyFive));
    }

    [Fact]
    public void A_cid_name_longer_than_35_characters_fails_maxLength()
    {
        var error = ErrorAt(KazooErrors(AccountCidName(ThirtySix)), "account.caller_id.cid_name", "maxLength");
        Assert.Equal("String must not be more than 35 characters", error["message"]!.GetValue<string>());
        Assert.Equal(35, error["target"]!.GetValue<int>());
        Assert.Equal(ThirtySix, error["value"]!.GetValue<string>());
    }

    [Fact]
    public void A_server_cid_name_of_1_to_35_characters_rejects_empty_and_36_characters()
    {
        AssertValid(WithServer($$$""" "options": {"caller_id": {"cid_name": "{{{ThirtyFive}}}"}}"""));
        var empty = ErrorAt(KazooErrors(WithServer(""" "options": {"caller_id": {"cid_name": ""}}""")), "servers.0.options.caller_id.cid_name", "minLength");
        Assert.Equal("""{"message":"String must be at least 1 characters","target":1,"value":""}""", empty.ToJsonString());
        var tooLong = ErrorAt(KazooErrors(WithServer($$$""" "options": {"caller_id": {"cid_name": "{{{ThirtySix}}}"}}""")), "servers.0.options.caller_id.cid_name", "maxLength");
        Assert.Equal(35, tooLong["target"]!.GetValue<int>());
    }

    [Fact]
    public void An_auth_user_of_1_to_128_characters_rejects_empty_and_129_characters()
    {
        AssertValid($$$"""{"servers": [{"auth": {"auth_user": "{{{new string('u', 128)}}}"}}]}""");
        var error = ErrorAt(KazooErrors("""{"servers": [{"auth": {"auth_user": ""}}]}"""), "servers.0.auth.auth_user", "minLength");
        Assert.Equal("String must be at least 1 characters", error["message"]!.GetValue<string>());
        var tooLong = ErrorAt(KazooErrors($$$"""{"servers": [{"auth": {"auth_user": "{{{new string('u', 129)}}}"}}]}"""), "servers.0.auth.auth_user", "maxLength");
        Assert.Equal("String must not be more than 128 characters", tooLong["message"]!.GetValue<string>());
    }

    [Fact]
    public void A_server_name_of_1_to_256_characters_rejects_257_characters()
    {
        AssertValid(WithServer($$$""" "name": "{{{new string('n', 256)}}}" """));
        var tooLong = ErrorAt(KazooErrors(WithServer($$$""" "name": "{{{new string('n', 257)}}}" """)), "servers.0.name", "maxLength");
        Assert.Equal(256, tooLong["target"]!.GetValue<int>());
    }

    [Fact]
    public void An_integer_accepts_whole_numbers_and_rejects_text_and_fractions()
    {
        AssertValid("""{"account": {"trunks": 7}}""");
        var text = ErrorAt(KazooErrors("""{"account": {"trunks": "abc"}}"""), "account.trunks", "type");
        Assert.Equal("""{"message":"Value did not match type(s): integer","target":"integer","value":"abc"}""", text.ToJsonString());
        var fraction = ErrorAt(KazooErrors("""{"account": {"trunks": 1.5}}"""), "account.trunks", "type");
        Assert.Equal(1.5, fraction["value"]!.GetValue<double>());
    }

    [Fact]
    public void A_boolean_accepts_true_and_false_and_rejects_yes()
    {
        AssertValid(WithServer(""" "options": {"enabled": false, "ignore_early_media": true}"""));
        var error = ErrorAt(KazooErrors(WithServer(""" "options": {"enabled": "yes"}""")), "servers.0.options.enabled", "type");
        Assert.Equal("""{"message":"Value did not match type(s): boolean","target":"boolean","value":"yes"}""", error.ToJsonString());
    }

    [Fact]
    public void An_object_accepts_an_object_and_rejects_a_string_or_an_array()
    {
        AssertValid("""{"account": {}}""");
        Assert.Equal("object", ErrorAt(KazooErrors("""{"account": "acme"}"""), "account", "type")["target"]!.GetValue<string>());
        Assert.Equal("[]", ErrorAt(KazooErrors("""{"account": {"caller_id": []}}"""), "account.caller_id", "type")["value"]!.ToJsonString());
    }

    [Fact]
    public void An_array_of_strings_rejects_a_number_at_the_index_of_the_item()
    {
        AssertValid(WithServer(""" "options": {"flags": ["a", "b"], "dynamic_flags": ["zone"]}"""));
        var errors = KazooErrors(WithServer(""" "options": {"flags": ["a", 1], "dynamic_flags": "zone"}"""));
        Assert.Equal(1, ErrorAt(errors, "servers.0.options.flags.1", "type")["value"]!.GetValue<int>());
        Assert.Equal("array", ErrorAt(errors, "servers.0.options.dynamic_flags", "type")["target"]!.GetValue<string>());
    }

    [Fact]
    public void An_array_of_objects_rejects_a_string_item()
    {
        AssertValid(WithServer(""" "options": {"sip_headers": [{"X-Account": "acme"}]}"""));
        Assert.Equal("object", ErrorAt(KazooErrors("""{"servers": ["x"]}"""), "servers.0", "type")["target"]!.GetValue<string>());
        Assert.Equal("\"x\"", ErrorAt(KazooErrors(WithServer(""" "options": {"sip_headers": ["x"]}""")), "servers.0.options.sip_headers.0", "type")["value"]!.ToJsonString());
    }

    [Fact]
    public void An_enumerated_string_rejects_proxy_with_the_list_as_target()
    {
        AssertValid(WithServer(""" "options": {"media_handling": "process", "inbound_format": "1npan"}"""));
        var error = ErrorAt(KazooErrors(WithServer(""" "options": {"media_handling": "proxy"}""")), "servers.0.options.media_handling", "enum");
        Assert.Equal("""{"message":"Value not found in enumerated list of values","target":["process","bypass"],"value":"proxy"}""", error.ToJsonString());
    }

    [Fact]
    public void The_auth_method_enum_is_case_sensitive_like_the_spec_lists_it()
    {
        AssertValid("""{"servers": [{"auth": {"auth_method": "IP"}}, {"auth": {"auth_method": "Password"}}]}""");
        var error = ErrorAt(KazooErrors("""{"servers": [{"auth": {"auth_method": "PASSWORD"}}]}"""), "servers.0.auth.auth_method", "enum");
        Assert.Equal("""["password","Password","IP","ip"]""", error["target"]!.ToJsonString());
    }

    [Fact]
    public void A_server_without_auth_fails_required_at_the_path_of_the_missing_key()
    {
        var errors = KazooErrors("""{"servers": [{"auth": {}}, {"name": "second"}]}""");
        Assert.Equal("""{"message":"Field is required but missing"}""", ErrorAt(errors, "servers.1.auth", "required").ToJsonString());
        Assert.Single(errors);
    }

    [Fact]
    public void A_null_auth_is_a_type_error_not_a_missing_field()
    {
        var errors = KazooErrors("""{"servers": [{"auth": null}]}""");
        Assert.Equal("Value did not match type(s): object", ErrorAt(errors, "servers.0.auth", "type")["message"]!.GetValue<string>());
        Assert.Null(errors["servers.0.auth"]!["required"]);
    }

    [Fact]
    public void A_DID_entry_is_validated_at_its_own_path()
    {
        AssertValid(WithDid(""" "caller_id": {"cid_name": "Front desk"}, "failover": {"e164": "+14155550100"}, "options": ["a"]"""));
        var errors = KazooErrors(WithDid(""" "caller_id": {"cid_name": ""}, "force_outbound": "sometimes", "options": [1]"""));
        Assert.Equal(1, ErrorAt(errors, "servers.0.DIDs.+14158867900.caller_id.cid_name", "minLength")["target"]!.GetValue<int>());
        Assert.Equal("boolean", ErrorAt(errors, "servers.0.DIDs.+14158867900.force_outbound", "type")["target"]!.GetValue<string>());
        Assert.Equal("string", ErrorAt(errors, "servers.0.DIDs.+14158867900.options.0", "type")["target"]!.GetValue<string>());
    }

    [Fact]
    public void A_DID_that_is_not_an_object_fails_type()
    {
        var error = ErrorAt(KazooErrors(WithServer(""" "DIDs": {"4158867900": "yes"}""")), "servers.0.DIDs.4158867900", "type");
        Assert.Equal("object", error["target"]!.GetValue<string>());
    }

    [Fact]
    public void A_DID_key_that_is_not_a_number_is_not_checked_by_the_DID_rules()
    {
        AssertValid(WithServer(""" "DIDs": {"sip:front@example.com": 5, "+1.415": "x", "+١٢٣": {"force_outbound": "x"}}"""));
    }

    [Fact]
    public void The_failover_strings_accept_text_and_reject_other_types()
    {
        AssertValid(WithServer(""" "options": {"failover": {"e164": "+14155550100", "sip": "sip:a@b"}}"""));
        Assert.NotNull(KazooErrors(WithServer(""" "options": {"failover": {"sip": true}}"""))["servers.0.options.failover.sip"]);
    }

    [Fact]
    public void A_document_that_is_not_an_object_fails_type_at_the_root()
    {
        var errors = Connectivity.Domain.Schema.SchemaValidator.Validate(JsonNode.Parse("[1]")).ToKazoo();
        Assert.Equal("object", ErrorAt(errors, "", "type")["target"]!.GetValue<string>());
    }
}
