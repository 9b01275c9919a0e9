using Connectivity.Domain.Documents;

namespace Connectivity.Tests.Documents;

public class DocumentIndexTests
{
    [Fact]
    public void Dids_lists_every_server_DID_with_its_server_index()
    {
        var index = DocumentIndex.Of(Json.Object("""
            {"servers":[{"DIDs":{"+14158867900":{},"+14158867901":{}}},{"auth":{}},{"DIDs":{"+442079460958":null}}]}
            """));

        Assert.Equal(
            [new DidEntry("+14158867900", 0), new DidEntry("+14158867901", 0), new DidEntry("+442079460958", 2)],
            index.Dids);
    }

    [Fact]
    public void Dids_skips_keys_that_are_not_E164_because_no_call_can_match_them()
    {
        var index = DocumentIndex.Of(Json.Object("""{"servers":[{"DIDs":{"4158867900":{},"":{},"+0123":{},"+14158867900":{}}}]}"""));

        Assert.Equal([new DidEntry("+14158867900", 0)], index.Dids);
    }

    [Fact]
    public void Credentials_are_the_lower_cased_realm_and_user_of_password_servers()
    {
        var index = DocumentIndex.Of(Json.Object("""
            {"account":{"auth_realm":"Example.COM"},
             "servers":[
               {"auth":{"auth_method":"Password","auth_user":"Alice","auth_password":"x"}},
               {"auth":{"auth_method":"IP","ip":"10.0.0.1","auth_user":"ignored"}},
               {"auth":{"auth_user":"bob","auth_password":"y"}},
               {"auth":{"auth_method":"password"}},
               {"auth":{"auth_method":"password","auth_user":""}}]}
            """));

        Assert.Equal(
            [new CredentialEntry("example.com", "alice", 0), new CredentialEntry("example.com", "bob", 2)],
            index.Credentials);
    }

    [Fact]
    public void Credentials_need_an_account_realm()
    {
        var index = DocumentIndex.Of(Json.Object("""{"servers":[{"auth":{"auth_method":"password","auth_user":"alice","auth_password":"x"}}]}"""));

        Assert.Empty(index.Credentials);
    }

    [Fact]
    public void Ips_are_the_canonical_addresses_of_IP_servers()
    {
        var index = DocumentIndex.Of(Json.Object("""
            {"servers":[
               {"auth":{"auth_method":"IP","ip":"::ffff:10.0.0.1"}},
               {"auth":{"auth_method":"ip","ip":"2001:DB8:0:0::1"}},
               {"auth":{"auth_method":"ip","ip":"pbx.example.com"}},
               {"auth":{"auth_method":"password","auth_user":"a","ip":"10.0.0.3"}},
               {"auth":{"auth_method":"ip","ip":"010.0.0.4"}}]}
            """));

        Assert.Equal([new IpEntry("10.0.0.1", 0), new IpEntry("2001:db8::1", 1)], index.Ips);
    }

    [Fact]
    public void Two_IP_servers_with_the_same_address_in_one_document_conflict()
    {
        var index = DocumentIndex.Of(Json.Object("""
            {"servers":[{"auth":{"auth_method":"IP","ip":"10.0.0.1"}},{"auth":{"auth_method":"ip","ip":"::FFFF:10.0.0.1"}}]}
            """));

        var conflict = Assert.Single(index.Conflicts);
        Assert.Equal("servers.1.auth.ip", conflict.Path);
        Assert.Equal("unique", conflict.Keyword);
        Assert.Equal("IP 10.0.0.1 is already used by servers.0", conflict.Message);
        Assert.Equal("servers.0.auth.ip", (string?)conflict.Target);
        Assert.Equal([new IpEntry("10.0.0.1", 0)], index.Ips);
    }

    [Fact]
    public void Two_password_servers_with_the_same_realm_and_user_in_one_document_conflict()
    {
        var index = DocumentIndex.Of(Json.Object("""
            {"account":{"auth_realm":"example.com"},
             "servers":[{"auth":{"auth_user":"alice","auth_password":"s3cret"}},{"auth":{"auth_user":"ALICE","auth_password":"other"}}]}
            """));

        var conflict = Assert.Single(index.Conflicts);
        Assert.Equal("servers.1.auth.auth_user", conflict.Path);
        Assert.Equal("unique", conflict.Keyword);
        Assert.Equal("User alice@example.com is already used by servers.0", conflict.Message);
        Assert.DoesNotContain("s3cret", index.Conflicts.ToKazoo().ToJsonString());
        Assert.DoesNotContain("other", index.Conflicts.ToKazoo().ToJsonString());
    }

    [Fact]
    public void A_document_without_shared_addresses_or_users_has_no_conflicts()
    {
        var index = DocumentIndex.Of(Json.Object("""
            {"account":{"auth_realm":"example.com"},
             "servers":[{"auth":{"auth_user":"alice"}},{"auth":{"auth_user":"bob"}},
                        {"auth":{"auth_method":"ip","ip":"10.0.0.1"}},{"auth":{"auth_method":"ip","ip":"10.0.0.2"}}]}
            """));

        Assert.True(index.Conflicts.IsEmpty);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"account":[],"servers":{}}""")]
    [InlineData("""{"account":{"auth_realm":5},"servers":[null,1,{"auth":"x"},{"auth":{"auth_method":null,"auth_user":7}},{"DIDs":[1]},{"auth":{"auth_method":"ip","ip":[]}}]}""")]
    public void Documents_of_odd_shape_index_nothing(string json)
    {
        var index = DocumentIndex.Of(Json.Object(json));

        Assert.Empty(index.Dids);
        Assert.Empty(index.Credentials);
        Assert.Empty(index.Ips);
        Assert.True(index.Conflicts.IsEmpty);
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("::FFFF:A00:1", "10.0.0.1")]
    [InlineData("2001:DB8:0000:0:0:0:0:1", "2001:db8::1")]
    [InlineData("::1", "::1")]
    public void TryCanonicalIp_spells_equal_addresses_the_same_way(string input, string canonical)
    {
        Assert.True(DocumentIndex.TryCanonicalIp(input, out var result));
        Assert.Equal(canonical, result);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("010.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("256.0.0.1")]
    [InlineData("10.0.0.1 ")]
    [InlineData("10.0.0.1\n")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%1")]
    [InlineData("[::1]")]
    [InlineData("[::1]:5060")]
    [InlineData("10.0.0.1:5060")]
    [InlineData("::ffff:010.0.0.1")]
    [InlineData("pbx.example.com")]
    public void TryCanonicalIp_refuses_loose_or_scoped_spellings(string? input)
    {
        Assert.False(DocumentIndex.TryCanonicalIp(input, out var result));
        Assert.Equal("", result);
    }
}
