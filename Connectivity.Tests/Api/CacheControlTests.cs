using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Tests.Lookups;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

public sealed class CacheControlTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();

    [Theory]
    [InlineData("fetch", HttpStatusCode.OK)]
    [InlineData("fetch unchanged", HttpStatusCode.NotModified)]
    [InlineData("list", HttpStatusCode.OK)]
    [InlineData("create", HttpStatusCode.Created)]
    [InlineData("revision", HttpStatusCode.OK)]
    [InlineData("credential lookup", HttpStatusCode.OK)]
    [InlineData("invalid json", HttpStatusCode.BadRequest)]
    [InlineData("no token", HttpStatusCode.Unauthorized)]
    [InlineData("another account", HttpStatusCode.Forbidden)]
    [InlineData("unknown document", HttpStatusCode.NotFound)]
    [InlineData("unknown path", HttpStatusCode.NotFound)]
    [InlineData("wrong verb", HttpStatusCode.MethodNotAllowed)]
    public async Task Every_api_response_successes_and_errors_alike_is_sent_with_cache_control_no_store(string request, HttpStatusCode expected)
    {
        var owner = api.AccountClient(_account);
        var realm = $"pbx-{Guid.NewGuid():N}.example.com";
        var trunk = TestDocuments.Trunk(TestDocuments.NewNumber());
        trunk["account"]!["auth_realm"] = realm;
        var created = await owner.PutAsync(Collection(_account), trunk);
        var document = Document(_account, created.Id);
        var user = created.DataObject["servers"]![0]!["auth"]!["auth_user"]!.GetValue<string>();

        var response = request switch
        {
            "fetch" => await owner.GetAsync(document),
            "fetch unchanged" => await owner.GetAsync(document, r => r.Headers.TryAddWithoutValidation("If-None-Match", $"\"{created.Revision}\"")),
            "list" => await owner.GetAsync(Collection(_account)),
            "create" => await owner.PutAsync(Collection(_account), new JsonObject { ["name"] = "another" }),
            "revision" => await owner.GetAsync(document + "/revisions/1"),
            "credential lookup" => await api.LookupClient().GetAsync(LookupTesting.Credential(realm, user)),
            "invalid json" => await owner.SendRawAsync(HttpMethod.Post, document, "{not json"),
            "no token" => await api.Client(null).GetAsync(document),
            "another account" => await api.AccountClient(ApiFixture.NewId()).GetAsync(document),
            "unknown document" => await owner.GetAsync(Document(_account, ApiFixture.NewId())),
            "unknown path" => await owner.GetAsync($"/v2/accounts/{_account}/no_such_resource"),
            "wrong verb" => await owner.SendRawAsync(HttpMethod.Post, Collection(_account), "{}"),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(expected, response.Status);
        Assert.Equal("no-store", response.Header("Cache-Control"));
    }
}
