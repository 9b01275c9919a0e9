using System.Text.Json.Nodes;
using static Connectivity.Tests.Schema.Documents;

namespace Connectivity.Tests.Schema;

public class MultipleErrorsTests
{
    [Fact]
    public void Every_error_of_a_document_is_reported_at_once_in_kazoos_shape()
    {
        var errors = KazooErrors($$$$"""
            {"account": {"caller_id": {"cid_name": "{{{{new string('a', 36)}}}}"}},
             "servers": [{"auth": {}, "options": {"media_handling": "proxy"}}, {"name": "no auth"}]}
            """);
        var expected = JsonNode.Parse($$$$"""
            {"account.caller_id.cid_name": {"maxLength": {"message": "String must not be more than 35 characters", "target": 35, "value": "{{{{new string('a', 36)}}}}"}},
             "servers.0.options.media_handling": {"enum": {"message": "Value not found in enumerated list of values", "target": ["process", "bypass"], "value": "proxy"}},
             "servers.1.auth": {"required": {"message": "Field is required but missing"}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, errors), errors.ToJsonString());
    }

    [Fact]
    public void Errors_in_different_servers_DIDs_and_the_account_are_all_reported()
    {
        var document = Prepare("""
            {"name": 1, "account": {"trunks": "many", "caller_id": "x"},
             "servers": [{"auth": {"auth_method": "ldap", "port": "5060x"}, "options": {"delay": -1.5, "flags": [true]},
                          "DIDs": {"+1415": {"caller_id": {"cid_number": ""}}}},
                         {"auth": {"auth_user": ""}, "DIDs": {"+1416": {"force_outbound": "no"}}}]}
            """);
        var errors = Connectivity.Domain.Schema.SchemaValidator.Validate(document);
        var paths = errors.Select(error => $"{error.Path}:{error.Keyword}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
        [
            "account.caller_id:type", "account.trunks:type", "name:type",
            "servers.0.DIDs.+1415.caller_id.cid_number:minLength", "servers.0.auth.auth_method:enum", "servers.0.auth.port:type",
            "servers.0.options.delay:type", "servers.0.options.flags.0:type",
            "servers.1.DIDs.+1416.force_outbound:type", "servers.1.auth.auth_user:minLength",
        ], paths);
    }
}
