using System.Net;
using Connectivity.Tests.Lookups;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>
/// Whatever a client puts in the path, the query string or the envelope, the answer is a Kazoo-shaped 4xx, never a
/// 5xx: NUL, CR/LF and lone surrogates that would reach PostgreSQL raw are refused first. (A NUL in the path never
/// reaches the service: ASP.NET Core refuses to decode such a path.)
/// </summary>
public sealed class HostileInputTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    private static void AssertKazooError(KazooResponse response, HttpStatusCode status, string message)
    {
        Assert.True(response.Status == status, response.ToString());
        Assert.Equal(message, response.Message);
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Body!["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("filter_name=a%00b")]
    [InlineData("filter_na%00me=x")]
    [InlineData("filter_not_name=%00")]
    [InlineData("has_key=servers.%00")]
    [InlineData("key_missing=%00")]
    [InlineData("has_value=a%00")]
    [InlineData("start_key=%00")]
    [InlineData("page_size=1%00")]
    [InlineData("created_from=%00")]
    public async Task A_list_filter_holding_nul_is_400_not_a_failed_query(string query)
    {
        var response = await Client.GetAsync(Collection(_account) + "?" + query);

        AssertKazooError(response, HttpStatusCode.BadRequest, "validation error");
    }

    [Theory]
    [InlineData("pbx.example.com", "bob%0D%0AVia:%20evil")]
    [InlineData("pbx.example.com%0D%0A", "bob")]
    [InlineData("pbx.example.com", "bob%40evil.example.com")]
    [InlineData("pbx%20example.com", "bob")]
    public async Task A_credential_lookup_for_a_realm_or_user_no_document_can_hold_is_400(string realm, string user)
    {
        var response = await api.LookupClient().GetAsync($"/v2/lookups/credentials/{realm}/{user}");

        AssertKazooError(response, HttpStatusCode.BadRequest, "validation error");
    }

    [Theory]
    [InlineData("/v2/lookups/dids/4158867900%0A")]
    [InlineData("/v2/lookups/ips/10.0.0.1%0A")]
    public async Task A_did_or_ip_lookup_with_a_newline_is_400(string path) =>
        AssertKazooError(await api.LookupClient().GetAsync(path), HttpStatusCode.BadRequest, "validation error");

    [Theory]
    [InlineData("GET", "{0}%0A")]
    [InlineData("POST", "{0}%0A")]
    [InlineData("PATCH", "{0}%0A")]
    [InlineData("DELETE", "{0}%0A")]
    [InlineData("GET", "{0}%0A/revisions")]
    [InlineData("GET", "{0}/revisions/1%0A")]
    public async Task A_document_id_with_a_trailing_newline_is_404_bad_identifier(string method, string idForm)
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var path = Collection(_account) + "/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, idForm, created.Id);

        var response = await Client.SendRawAsync(new HttpMethod(method), path, method is "POST" or "PATCH" ? """{"data": {"name": "x"}}""" : null);

        AssertKazooError(response, HttpStatusCode.NotFound, "bad_identifier");
        var stored = await Client.GetAsync(Document(_account, created.Id));
        Assert.Equal(created.Revision, stored.Revision);
    }

    [Fact]
    public async Task An_account_id_with_a_trailing_newline_is_404_bad_identifier()
    {
        var admin = api.AdminClient();

        var response = await admin.PutAsync($"/v2/accounts/{_account}%0A/connectivity", new System.Text.Json.Nodes.JsonObject { ["name"] = "x" });

        AssertKazooError(response, HttpStatusCode.NotFound, "bad_identifier");
        Assert.Empty((await admin.GetAsync(Collection(_account))).Data!.AsArray());
    }

    [Theory]
    [InlineData("""{"auth_token": "\ud800", "data": {"name": "x"}}""")]
    [InlineData("""{"auth_token": "\udfff\ud800"}""")]
    [InlineData("""{"auth_token": "tok\u0000en", "data": {"name": "x"}}""")]
    public async Task An_envelope_token_that_is_not_text_is_401_not_a_crash(string body)
    {
        var anonymous = api.Client(null);

        var response = await anonymous.SendRawAsync(HttpMethod.Put, Collection(_account), body);

        AssertKazooError(response, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Empty((await Client.GetAsync(Collection(_account))).Data!.AsArray());
    }

    [Fact]
    public async Task An_envelope_key_outside_data_that_is_not_text_is_400_invalid_json()
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"\ud800": 1, "data": {"name": "x"}}""");

        AssertKazooError(response, HttpStatusCode.BadRequest, "invalid json");
        Assert.Empty((await Client.GetAsync(Collection(_account))).Data!.AsArray());
    }
}
