using System.Net;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Api.KazooClient;
using Doc = Connectivity.Tests.Documents.Json;

namespace Connectivity.Tests.Lookups;

public sealed class IpLookupTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Owner => api.AccountClient(_account);
    private KazooClient Router => api.LookupClient();

    [Fact]
    public async Task An_address_answers_with_the_IP_authenticated_server_that_uses_it()
    {
        var ip = LookupTesting.NewIp();
        var document = LookupTesting.IpTrunk(ip);
        document["servers"]![0]!["auth"]!["port"] = 5070;
        var created = await Owner.PutAsync(Collection(_account), document);

        var response = await Router.GetAsync(LookupTesting.Ip(ip));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Doc.AssertEqual(Doc.Object($$"""
            {"account_id":"{{_account}}","connectivity_id":"{{created.Id}}","server":{"index":0,"name":"pbx1"},
             "ip":"{{ip}}","routable":true,"auth":{"auth_method":"ip","ip":"{{ip}}","port":5070} }
            """), response.Data);
    }

    [Theory]
    [InlineData("2001:DB8:0:0:0:0:0:A1", "2001:db8::a1")]
    [InlineData("2001:db8::a2", "2001:DB8:0::A2")]
    [InlineData("2001:db8:0:0:0:0:0:a3", "2001:0db8::00a3")]
    public async Task IPv6_addresses_match_in_any_spelling(string stored, string asked)
    {
        var created = await Owner.PutAsync(Collection(_account), LookupTesting.IpTrunk(stored));

        var response = await Router.GetAsync(LookupTesting.Ip(asked));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(created.Id, response.Data!["connectivity_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_IPv4_mapped_IPv6_spelling_finds_the_IPv4_server()
    {
        var ip = LookupTesting.NewIp();
        var created = await Owner.PutAsync(Collection(_account), LookupTesting.IpTrunk(ip));

        var response = await Router.GetAsync(LookupTesting.Ip("::ffff:" + ip));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(created.Id, response.Data!["connectivity_id"]!.GetValue<string>());
        Assert.Equal(ip, response.Data!["ip"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_server_stored_with_a_mapped_spelling_is_found_by_its_IPv4_address()
    {
        var ip = LookupTesting.NewIp();
        var created = await Owner.PutAsync(Collection(_account), LookupTesting.IpTrunk("::FFFF:" + ip));

        var response = await Router.GetAsync(LookupTesting.Ip(ip));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(created.Id, response.Data!["connectivity_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.1:5060")]
    [InlineData("fe80::1%25eth0")]
    [InlineData("999.0.0.1")]
    public async Task Something_that_is_not_an_IP_address_is_400(string ip)
    {
        var response = await Router.GetAsync(LookupTesting.Ip(ip));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation error", response.Message);
        Assert.NotNull(response.Data!["ip"]!["invalid"]);
    }

    [Fact]
    public async Task An_unknown_address_is_404()
    {
        var response = await Router.GetAsync(LookupTesting.Ip(LookupTesting.NewIp()));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("not_found", response.Message);
    }

    [Fact]
    public async Task The_address_of_a_password_server_does_not_answer()
    {
        var ip = LookupTesting.NewIp();
        var document = TestDocuments.Trunk();
        document["servers"]![0]!["auth"]!["ip"] = ip;
        document["servers"]![0]!["options"]!["ip"] = ip;
        await Owner.PutAsync(Collection(_account), document);

        var response = await Router.GetAsync(LookupTesting.Ip(ip));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task The_address_of_a_deleted_document_is_404()
    {
        var ip = LookupTesting.NewIp();
        var created = await Owner.PutAsync(Collection(_account), LookupTesting.IpTrunk(ip));
        await Owner.DeleteAsync(Document(_account, created.Id));

        var response = await Router.GetAsync(LookupTesting.Ip(ip));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task A_disabled_server_names_its_owner_but_is_not_routable()
    {
        var ip = LookupTesting.NewIp();
        var document = LookupTesting.IpTrunk(ip);
        document["servers"]![0]!["options"]!["enabled"] = false;
        await Owner.PutAsync(Collection(_account), document);

        var response = await Router.GetAsync(LookupTesting.Ip(ip));

        Assert.False(response.Data!["routable"]!.GetValue<bool>());
        Assert.Equal("server disabled", response.Data!["not_routable"]!.GetValue<string>());
        Assert.Null(response.Data!["auth"]);
    }

    [Fact]
    public async Task An_address_held_by_another_document_of_the_account_is_409_even_in_another_spelling()
    {
        var ip = LookupTesting.NewIp();
        var holder = await Owner.PutAsync(Collection(_account), LookupTesting.IpTrunk(ip));

        var clash = await Owner.PutAsync(Collection(_account), LookupTesting.IpTrunk("::ffff:" + ip));

        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal("datastore_conflict", clash.Message);
        Doc.AssertEqual(Doc.Object($$"""{"ip":"{{ip}}","connectivity_id":"{{holder.Id}}"}"""), clash.Data!["ips"]![0]);
    }

    [Fact]
    public async Task An_address_held_in_another_account_is_409_without_naming_the_other_document()
    {
        var ip = LookupTesting.NewIp();
        var otherAccount = ApiFixture.NewId();
        var holder = await api.AccountClient(otherAccount).PutAsync(Collection(otherAccount), LookupTesting.IpTrunk(ip));
        var mine = await Owner.PutAsync(Collection(_account), LookupTesting.IpTrunk(LookupTesting.NewIp()));

        var clash = await Owner.PatchAsync(Document(_account, mine.Id), new System.Text.Json.Nodes.JsonObject
        {
            ["servers"] = new System.Text.Json.Nodes.JsonArray(LookupTesting.IpTrunk(ip)["servers"]![0]!.DeepClone()),
        });
        var lookup = await Router.GetAsync(LookupTesting.Ip(ip));

        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal(ip, clash.Data!["ips"]![0]!["ip"]!.GetValue<string>());
        Assert.DoesNotContain(holder.Id, clash.Body!.ToJsonString());
        Assert.Equal(holder.Id, lookup.Data!["connectivity_id"]!.GetValue<string>());
    }
}
