using System.Net;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>Invalid documents get Kazoo's 400 with every error at once, keyed by dotted path and keyword.</summary>
public sealed class ValidationErrorTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    private async Task<JsonObject> RejectedAsync(string json)
    {
        var response = await Client.PutAsync(Collection(_account), JsonNode.Parse(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation error", response.Message);
        Assert.Equal("400", response.Body!["error"]!.GetValue<string>());
        return response.DataObject;
    }

    [Fact]
    public async Task Every_error_of_a_document_is_reported_at_once_in_kazoos_shape()
    {
        var errors = await RejectedAsync("""
            {
              "account": {"caller_id": {"cid_name": "This caller id name is far longer than thirty five characters"}},
              "servers": [
                {"auth": {"auth_method": "IP", "ip": "192.0.2.1"}, "options": {"media_handling": "proxy"}},
                {"name": "no auth"}
              ]
            }
            """);

        Assert.Equal("Value not found in enumerated list of values", errors["servers.0.options.media_handling"]!["enum"]!["message"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["process","bypass"]"""), errors["servers.0.options.media_handling"]!["enum"]!["target"]));
        Assert.Equal("proxy", errors["servers.0.options.media_handling"]!["enum"]!["value"]!.GetValue<string>());
        Assert.Equal("Field is required but missing", errors["servers.1.auth"]!["required"]!["message"]!.GetValue<string>());
        Assert.Equal("String must not be more than 35 characters", errors["account.caller_id.cid_name"]!["maxLength"]!["message"]!.GetValue<string>());
        Assert.Equal(35, errors["account.caller_id.cid_name"]!["maxLength"]!["target"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"account": {"trunks": "lots"}}""", "account.trunks", "type", "Value did not match type(s): integer")]
    [InlineData("""{"servers": [{"auth": {"auth_method": "password", "auth_user": "", "auth_password": "x"}}]}""", "servers.0.auth.auth_user", "minLength", "String must be at least 1 characters")]
    [InlineData("""{"servers": [{"auth": {"auth_method": "carrier-pigeon"}}]}""", "servers.0.auth.auth_method", "enum", "Value not found in enumerated list of values")]
    [InlineData("""{"servers": [{"auth": {"auth_method": "IP", "ip": "192.0.2.9", "port": 0}}]}""", "servers.0.auth.port", "minimum", "Value must be at least 1")]
    [InlineData("""{"id": "not-hex"}""", "id", "pattern", "Failed to match pattern '^[0-9a-f]{32}$'")]
    [InlineData("""{"servers": [{"auth": {"auth_method": "password"}}]}""", "servers.0.auth.auth_user", "required", "Field is required but missing")]
    public async Task Each_failed_keyword_has_kazoos_message_at_the_dotted_path(string json, string path, string keyword, string message)
    {
        var errors = await RejectedAsync(json);
        Assert.Equal(message, errors[path]?[keyword]?["message"]?.GetValue<string>());
    }

    [Fact]
    public async Task Kazoo_style_strings_for_integers_and_booleans_are_coerced_and_stored_typed()
    {
        var response = await Client.PutAsync(Collection(_account), JsonNode.Parse("""
            {"account": {"trunks": "0"},
             "servers": [{"auth": {"auth_method": "IP", "ip": "192.0.2.77"}, "options": {"enabled": "false", "delay": "5"}}]}
            """));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(0, response.DataObject["account"]!["trunks"]!.GetValue<int>());
        Assert.False(response.DataObject["servers"]![0]!["options"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(5, response.DataObject["servers"]![0]!["options"]!["delay"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_did_key_that_is_not_a_phone_number_is_rejected_at_its_path()
    {
        var errors = await RejectedAsync("""{"servers": [{"auth": {"auth_method": "IP", "ip": "192.0.2.5"}, "DIDs": {"": {}, "call-me": {}}}]}""");
        Assert.Contains(errors, e => e.Key.StartsWith("servers.0.DIDs", StringComparison.Ordinal));
        Assert.True(errors.Count >= 2, errors.ToJsonString());
    }
}
