using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Tests.Lookups;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>
/// Values that call routers write into SIP messages — realm, auth_user, custom headers, caller ids — must fit SIP's
/// syntax: a document that would inject a header line or a second address is refused and stores nothing.
/// </summary>
public sealed class SipSafetyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private readonly string _number = TestDocuments.NewNumber();
    private KazooClient Client => api.AccountClient(_account);

    private JsonObject Trunk()
    {
        var document = TestDocuments.Trunk(_number);
        document["account"]!["auth_realm"] = $"t{Guid.NewGuid():N}.example.com";
        document["servers"]![0]!["options"]!["ip"] = "192.0.2.10";
        return document;
    }

    private async Task<JsonObject> RefusedAsync(JsonObject document, string path, string keyword)
    {
        var response = await Client.PutAsync(Collection(_account), document);
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("validation error", response.Message);
        Assert.True(response.DataObject[path]?[keyword] is not null, $"no {keyword} error at {path}: {response}");
        Assert.Empty((await Client.GetAsync(Collection(_account) + "?paginate=false")).Data!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await api.LookupClient().GetAsync(LookupTesting.Did(_number))).Status);
        return response.DataObject;
    }

    /// <summary>Sets the value at a dotted path, creating objects on the way; a segment "DID" stands for the trunk's number.</summary>
    private JsonObject With(JsonObject document, string path, JsonNode? value)
    {
        var segments = path.Split('.').Select(s => s == "DID" ? _number : s).ToArray();
        JsonNode parent = document;
        foreach (var segment in segments[..^1])
        {
            if (int.TryParse(segment, out var index)) parent = parent[index]!;
            else parent = parent[segment] ??= new JsonObject();
        }
        parent[segments[^1]] = value;
        return document;
    }

    private string Path(string path) => string.Join(".", path.Split('.').Select(s => s == "DID" ? _number : s));

    [Theory]
    [InlineData("bob\r\nVia: evil")]
    [InlineData("bob@evil.example.com")]
    [InlineData("bob smith")]
    [InlineData("bob:secret")]
    [InlineData("b\u00f8b")]
    [InlineData("bob<sip:x>")]
    [InlineData("bob%zz")]
    [InlineData("bob\"")]
    public async Task An_auth_user_outside_rfc_3261_user_characters_is_refused(string user)
    {
        var errors = await RefusedAsync(With(Trunk(), "servers.0.auth.auth_user", user), "servers.0.auth.auth_user", "pattern");

        Assert.Equal(user, errors["servers.0.auth.auth_user"]!["pattern"]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("A.b-c_d!~*'()")]
    [InlineData("1001&=+$,;?/")]
    [InlineData("%41lice")]
    public async Task An_auth_user_of_rfc_3261_user_characters_is_stored(string user)
    {
        var response = await Client.PutAsync(Collection(_account), With(Trunk(), "servers.0.auth.auth_user", user));

        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        Assert.Equal(user, response.DataObject["servers"]![0]!["auth"]!["auth_user"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("pbx.example.com\r\nVia: evil")]
    [InlineData("pbx.example.com\n")]
    [InlineData("pbx example.com")]
    [InlineData("user@pbx.example.com")]
    [InlineData("pbx.example.com:5060")]
    [InlineData("sip:pbx.example.com")]
    [InlineData("-pbx.example.com")]
    [InlineData("pbx..example.com")]
    public async Task A_realm_that_is_not_a_host_name_or_ip_is_refused(string realm) =>
        await RefusedAsync(With(Trunk(), "account.auth_realm", realm), "account.auth_realm", "format");

    [Fact]
    public async Task A_realm_longer_than_a_host_name_can_be_is_refused()
    {
        var realm = string.Join(".", Enumerable.Repeat(new string('r', 63), 4)) + ".com";
        Assert.True(realm.Length > 253);

        await RefusedAsync(With(Trunk(), "account.auth_realm", realm), "account.auth_realm", "format");
    }

    [Fact]
    public async Task A_realm_that_is_not_a_string_is_refused() =>
        await RefusedAsync(With(Trunk(), "account.auth_realm", 42), "account.auth_realm", "type");

    [Theory]
    [InlineData("192.0.2.77")]
    [InlineData("2001:db8::77")]
    [InlineData("PBX-1.Example.COM")]
    public async Task A_realm_that_is_a_host_name_or_ip_is_stored(string realm)
    {
        var response = await Client.PutAsync(Collection(_account), With(Trunk(), "account.auth_realm", realm));

        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
    }

    [Theory]
    [InlineData("account")]
    [InlineData("servers.0.options")]
    [InlineData("servers.0.DIDs.DID")]
    public async Task A_sip_header_value_with_cr_or_lf_is_refused_at_every_level(string level)
    {
        var headers = new JsonArray(new JsonObject { ["X-Evil"] = "1\r\nVia: SIP/2.0/UDP evil.example.com" });

        await RefusedAsync(With(Trunk(), level + ".sip_headers", headers), Path(level) + ".sip_headers.0.X-Evil", "format");
    }

    [Theory]
    [InlineData("X-Foo: bar")]
    [InlineData("X Foo")]
    [InlineData("X-F\u00f6\u00f6")]
    [InlineData("X-Foo\r\n")]
    [InlineData("")]
    public async Task A_sip_header_name_that_is_not_an_rfc_3261_token_is_refused(string name)
    {
        var headers = new JsonArray(new JsonObject { [name] = "1" });

        await RefusedAsync(With(Trunk(), "servers.0.options.sip_headers", headers),
            "servers.0.options.sip_headers.0" + (name.Length == 0 ? "." : "." + name), "pattern");
    }

    [Theory]
    [InlineData("""{"X-Nested": {"a": 1}}""", "servers.0.DIDs.DID.sip_headers.0.X-Nested", "type")]
    [InlineData("""{"X-List": ["a"]}""", "servers.0.DIDs.DID.sip_headers.0.X-List", "type")]
    [InlineData("""{"X-Null": null}""", "servers.0.DIDs.DID.sip_headers.0.X-Null", "type")]
    public async Task A_sip_header_value_that_is_not_a_scalar_is_refused(string header, string path, string keyword) =>
        await RefusedAsync(With(Trunk(), "servers.0.DIDs.DID.sip_headers", new JsonArray(JsonNode.Parse(header))), Path(path), keyword);

    [Theory]
    [InlineData("account")]
    [InlineData("servers.0.DIDs.DID")]
    public async Task Sip_headers_that_are_not_a_list_are_refused_where_the_spec_does_not_type_them(string level) =>
        await RefusedAsync(With(Trunk(), level + ".sip_headers", "X-Evil: 1"), Path(level) + ".sip_headers", "type");

    [Fact]
    public async Task Sip_headers_with_token_names_and_scalar_values_are_stored_and_handed_to_routers()
    {
        var headers = JsonNode.Parse("""[{"X-Account": "acme", "P-Asserted-Identity": "<sip:+14155550100@example.com>"}, {"X-Trunks": 5, "X-Flag": true, "X-Tab": "a\tb"}]""");
        var created = await Client.PutAsync(Collection(_account), With(Trunk(), "servers.0.DIDs.DID.sip_headers", headers));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());

        var route = await api.LookupClient().GetAsync(LookupTesting.Did(_number));

        Assert.True(JsonNode.DeepEquals(headers, route.Data!["settings"]!["sip_headers"]), route.ToString());
    }

    [Theory]
    [InlineData("account.caller_id.cid_name")]
    [InlineData("account.emergency_caller_id.cid_number")]
    [InlineData("servers.0.options.caller_id.cid_number")]
    [InlineData("servers.0.options.emergency_caller_id.cid_name")]
    [InlineData("servers.0.DIDs.DID.caller_id.cid_name")]
    [InlineData("servers.0.DIDs.DID.emergency_caller_id.cid_number")]
    public async Task A_caller_id_with_control_characters_is_refused_at_every_level(string path) =>
        await RefusedAsync(With(Trunk(), path, "Acme\r\nVia: x"), Path(path), "format");

    [Fact]
    public async Task The_request_uri_carries_the_auth_user_as_an_rfc_3261_user_part()
    {
        var document = With(Trunk(), "servers.0.auth.auth_user", "front;desk%41");
        document["servers"]![0]!["options"]!["inbound_format"] = "username";
        Assert.Equal(HttpStatusCode.Created, (await Client.PutAsync(Collection(_account), document)).Status);

        var route = await api.LookupClient().GetAsync(LookupTesting.Did(_number));

        Assert.Equal("sip:front;desk%41@192.0.2.10", route.Data!["invite"]!["request_uri"]!.GetValue<string>());
    }
}
