using System.Net;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>Routes, verbs, identifiers, media types and size limits, as a Kazoo client sees them.</summary>
public sealed class ProtocolTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    [Theory]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    [InlineData("DELETE", false)]
    [InlineData("PUT", true)]
    public async Task Other_verbs_get_405_invalid_method_in_the_kazoo_envelope(string verb, bool onDocument)
    {
        var path = onDocument ? Document(_account, ApiFixture.NewId()) : Collection(_account);
        var response = await Client.SendRawAsync(new HttpMethod(verb), path, """{"data":{}}""");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("invalid_method", response.Message);
        Assert.Equal("405", response.Body!["error"]!.GetValue<string>());
        Assert.Equal("error", response.Body!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-an-account")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public async Task A_malformed_account_id_is_404_bad_identifier(string account)
    {
        var response = await api.AdminClient().GetAsync(Collection(account));
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("bad_identifier", response.Message);
        Assert.Equal(account, response.Data!["cause"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task A_malformed_or_unknown_document_id_is_404_bad_identifier(string id)
    {
        foreach (var response in new[]
                 {
                     await Client.GetAsync(Document(_account, id)),
                     await Client.PostAsync(Document(_account, id), new JsonObject()),
                     await Client.PatchAsync(Document(_account, id), new JsonObject()),
                     await Client.DeleteAsync(Document(_account, id)),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("bad_identifier", response.Message);
            Assert.Equal(new JsonObject { ["cause"] = id, ["message"] = "bad identifier" }.ToJsonString(), response.Data!.ToJsonString());
        }
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400_invalid_json_targeting_the_body()
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), "{\"data\": {");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid json", response.Message);
        Assert.Equal("body", response.Data!["json"]!["invalid"]!["target"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"data": []}""")]
    [InlineData("""{"data": "x"}""")]
    [InlineData("""{"name": "no envelope"}""")]
    [InlineData("""[1, 2]""")]
    public async Task Data_that_is_not_an_object_is_400_invalid_json(string body)
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid json", response.Message);
    }

    [Fact]
    public async Task A_key_given_twice_in_one_object_is_400_not_a_silent_pick()
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"data": {"name": "a", "name": "b"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid json", response.Message);
    }

    [Fact]
    public async Task A_request_without_content_type_is_read_as_json()
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"data": {"name": "no content type"}}""", contentType: null);
        Assert.Equal(HttpStatusCode.Created, response.Status);
    }

    [Fact]
    public async Task A_json_body_sent_form_encoded_the_way_curl_d_sends_it_is_read_as_json()
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"data": {"name": "curl -d"}}""",
            "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("curl -d", response.DataObject["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_content_type_that_is_not_json_is_415(string contentType)
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"data": {}}""", contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("415", response.Body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413_and_nothing_is_stored()
    {
        var big = new JsonObject { ["name"] = "big", ["notes"] = new string('x', 1024 * 1024) };
        var response = await Client.PutAsync(Collection(_account), big);
        var listed = await Client.GetAsync(Collection(_account) + "?filter_name=big");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("413", response.Body!["error"]!.GetValue<string>());
        Assert.Empty(listed.Data!.AsArray());
    }

    [Fact]
    public async Task Json_nested_deeper_than_64_levels_is_400()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"data": {"deep": """ + nested + "}}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid json", response.Message);
    }

    [Fact]
    public async Task E164_numbers_are_written_with_a_plain_plus_sign_on_the_wire()
    {
        var number = TestDocuments.NewNumber();
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(number));
        using var request = new HttpRequestMessage(HttpMethod.Get, Document(_account, created.Id));
        request.Headers.Add("X-Auth-Token", Connectivity.Api.Auth.TokenIssuer.Issue(api.Auth, _account, false));

        var text = await (await Client.Http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains($"\"{number}\"", text);
    }

    [Fact]
    public async Task A_browser_preflight_from_another_origin_is_allowed_with_the_headers_kazoo_clients_send()
    {
        var response = await api.Client(null).SendRawAsync(HttpMethod.Options, Collection(_account), null, configure: request =>
        {
            request.Headers.Add("Origin", "https://ui.example.com");
            request.Headers.Add("Access-Control-Request-Method", "PATCH");
            request.Headers.Add("Access-Control-Request-Headers", "x-auth-token,content-type,if-match");
        });

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
        Assert.Contains("PATCH", response.Header("Access-Control-Allow-Methods"));
        Assert.Contains("x-auth-token", response.Header("Access-Control-Allow-Headers")!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cross_origin_response_lets_the_browser_read_the_etag_and_request_id()
    {
        var response = await Client.GetAsync(Collection(_account), request => request.Headers.Add("Origin", "https://ui.example.com"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("*", response.Header("Access-Control-Allow-Origin"));
        Assert.Contains("ETag", response.Header("Access-Control-Expose-Headers"));
        Assert.Contains("X-Request-ID", response.Header("Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task An_unknown_path_is_a_json_404()
    {
        var response = await Client.GetAsync("/v2/accounts/" + _account + "/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("error", response.Body!["status"]!.GetValue<string>());
    }
}
