using System.Text.Json.Nodes;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;
using Connectivity.Domain.Validation;

namespace Connectivity.Tests.Documents;

public class SemanticChecksTests
{
    private readonly PhoneNumbers _numbers = new();

    private ValidationErrors CheckServer(string serverJson) =>
        SemanticChecks.Check(Json.Object($$$"""{"servers":[{{{serverJson}}}]}"""), _numbers);

    private static string WithFailoverSip(string where, string uri)
    {
        var failover = new JsonObject { ["failover"] = new JsonObject { ["sip"] = uri } };
        var server = Json.Object("""{"auth":{"auth_method":"ip","ip":"10.0.0.1"}}""");
        server[where] = where == "DIDs" ? new JsonObject { ["+14158867900"] = failover } : failover;
        return server.ToJsonString();
    }

    [Fact]
    public void A_complete_valid_document_has_no_errors()
    {
        var document = Json.Object("""
            {"account":{"auth_realm":"example.com"},
             "servers":[
               {"auth":{"auth_method":"password","auth_user":"alice","auth_password":"s3cret","port":5060},
                "options":{"ip":"pbx.example.com","port":5061,"failover":{"e164":"+14158867999","sip":"sip:backup@10.0.0.9:5080"}},
                "DIDs":{"+14158867900":{"failover":{"sip":"sips:pbx.example.com;transport=tls"}}}},
               {"auth":{"auth_method":"IP","ip":"2001:db8::1"}}]}
            """);

        Assert.Empty(SemanticChecks.Check(document, _numbers));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("2001:DB8::1")]
    [InlineData("pbx.example.com")]
    [InlineData("sbc-1")]
    [InlineData("1.example")]
    public void An_auth_ip_that_is_an_address_or_host_name_passes(string ip)
    {
        Assert.Empty(CheckServer($$$"""{"auth":{"auth_method":"ip","ip":"{{{ip}}}"}}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.256")]
    [InlineData("010.0.0.1")]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]:5060")]
    [InlineData("10.0.0.1:5060")]
    [InlineData("-pbx.example.com")]
    [InlineData("pbx_1.example.com")]
    [InlineData("pbx..example.com")]
    [InlineData("sip:pbx.example.com")]
    [InlineData(" 10.0.0.1")]
    public void An_auth_ip_that_is_neither_is_a_format_error(string ip)
    {
        var error = Assert.Single(CheckServer($$$"""{"auth":{"auth_method":"ip","ip":"{{{ip}}}"}}"""));

        Assert.Equal("servers.0.auth.ip", error.Path);
        Assert.Equal("format", error.Keyword);
        Assert.Equal("Value is not a valid IP address or host name", error.Message);
        Assert.Equal(ip, (string?)error.Value);
    }

    [Fact]
    public void An_options_ip_is_checked_the_same_way()
    {
        var error = Assert.Single(CheckServer("""{"auth":{"auth_method":"ip","ip":"10.0.0.1"},"options":{"ip":"not an address"}}"""));

        Assert.Equal("servers.0.options.ip", error.Path);
        Assert.Equal("format", error.Keyword);
    }

    [Theory]
    [InlineData("auth", "0", "minimum", "Value must be at least 1", 1)]
    [InlineData("auth", "-5", "minimum", "Value must be at least 1", 1)]
    [InlineData("options", "65536", "maximum", "Value must be at most 65535", 65535)]
    [InlineData("options", "1e400", "maximum", "Value must be at most 65535", 65535)]
    public void A_port_outside_1_to_65535_is_an_error(string parent, string port, string keyword, string message, int target)
    {
        var server = parent == "auth"
            ? $$$"""{"auth":{"auth_method":"ip","ip":"10.0.0.1","port":{{{port}}}}}"""
            : $$$"""{"auth":{"auth_method":"ip","ip":"10.0.0.1"},"options":{"port":{{{port}}}}}""";

        var error = Assert.Single(CheckServer(server));

        Assert.Equal($"servers.0.{parent}.port", error.Path);
        Assert.Equal(keyword, error.Keyword);
        Assert.Equal(message, error.Message);
        Assert.Equal(target, (int?)error.Target);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("65535")]
    [InlineData("5060.0")]
    public void A_port_from_1_to_65535_passes(string port)
    {
        Assert.Empty(CheckServer($$$"""{"auth":{"auth_method":"ip","ip":"10.0.0.1","port":{{{port}}}},"options":{"port":{{{port}}}}}"""));
    }

    [Theory]
    [InlineData("\"70000\"")]
    [InlineData("0.5")]
    [InlineData("true")]
    [InlineData("[0]")]
    [InlineData("{}")]
    public void A_port_of_the_wrong_type_is_left_for_the_schema_validator(string port)
    {
        Assert.Empty(CheckServer($$$"""{"auth":{"auth_method":"ip","ip":"10.0.0.1","port":{{{port}}}}}"""));
    }

    [Fact]
    public void A_password_server_without_user_and_password_reports_both_as_required()
    {
        var errors = CheckServer("""{"auth":{"auth_method":"Password"}}""").ToList();

        Assert.Equal(["servers.0.auth.auth_user", "servers.0.auth.auth_password"], errors.Select(e => e.Path));
        Assert.All(errors, e =>
        {
            Assert.Equal("required", e.Keyword);
            Assert.Equal("Field is required but missing", e.Message);
        });
    }

    [Fact]
    public void A_server_without_auth_method_is_a_password_server_as_the_schema_default_says()
    {
        var error = Assert.Single(CheckServer("""{"auth":{"auth_user":"alice","auth_password":null}}"""));

        Assert.Equal("servers.0.auth.auth_password", error.Path);
    }

    [Theory]
    [InlineData("IP")]
    [InlineData("ip")]
    public void An_IP_server_without_an_ip_reports_it_as_required(string method)
    {
        var error = Assert.Single(CheckServer($$$"""{"auth":{"auth_method":"{{{method}}}","auth_user":"alice"}}"""));

        Assert.Equal("servers.0.auth.ip", error.Path);
        Assert.Equal("required", error.Keyword);
    }

    [Fact]
    public void An_unknown_auth_method_requires_nothing_more()
    {
        Assert.Empty(CheckServer("""{"auth":{"auth_method":"token"}}"""));
    }

    [Fact]
    public void A_failover_e164_that_is_not_a_number_is_a_format_error_in_options_and_in_DIDs()
    {
        var errors = CheckServer("""
            {"auth":{"auth_method":"ip","ip":"10.0.0.1"},
             "options":{"failover":{"e164":"call bob"}},
             "DIDs":{"+14158867900":{"failover":{"e164":"12"}},"+1415.8867901":{"failover":{"e164":""}}}}
            """).ToList();

        Assert.Equal(
            ["servers.0.options.failover.e164", "servers.0.DIDs.+14158867900.failover.e164", "servers.0.DIDs.+1415%2E8867901.failover.e164"],
            errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal(("format", "Value is not a valid phone number"), (e.Keyword, e.Message)));
    }

    [Theory]
    [InlineData("sip:bob@pbx.example.com")]
    [InlineData("SIP:bob@pbx.example.com")]
    [InlineData("sips:bob@10.0.0.1:5061")]
    [InlineData("sip:pbx.example.com")]
    [InlineData("sip:+14158867900@[2001:db8::1]:5060;user=phone")]
    [InlineData("sip:bob:secret@pbx.example.com?subject=x")]
    public void A_failover_sip_URI_with_a_host_passes(string uri)
    {
        Assert.Empty(CheckServer(WithFailoverSip("options", uri)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bob@pbx.example.com")]
    [InlineData("tel:+14158867900")]
    [InlineData("http://pbx.example.com")]
    [InlineData("sip:")]
    [InlineData("sip:bob@")]
    [InlineData("sip:@pbx.example.com")]
    [InlineData("sip:bob@pbx.example.com:0")]
    [InlineData("sip:bob@pbx.example.com:70000")]
    [InlineData("sip:bob@pbx example.com")]
    [InlineData("sip:bob@[10.0.0.1]")]
    [InlineData("sip:bob@2001:db8::1")]
    [InlineData("<sip:bob@pbx.example.com>")]
    public void A_failover_sip_that_is_not_a_SIP_URI_is_a_format_error(string uri)
    {
        var error = Assert.Single(CheckServer(WithFailoverSip("DIDs", uri)));

        Assert.Equal("servers.0.DIDs.+14158867900.failover.sip", error.Path);
        Assert.Equal("format", error.Keyword);
        Assert.Equal("Value is not a valid SIP URI", error.Message);
    }

    [Fact]
    public void Errors_are_reported_for_every_server_at_once()
    {
        var document = Json.Object("""
            {"servers":[{"auth":{"auth_method":"ip","ip":"bad ip"}},{"auth":{"auth_method":"ip","ip":"10.0.0.1","port":0}}]}
            """);

        var errors = SemanticChecks.Check(document, _numbers).ToKazoo();

        Json.AssertEqual(Json.Object("""
            {"servers.0.auth.ip":{"format":{"message":"Value is not a valid IP address or host name","value":"bad ip"}},
             "servers.1.auth.port":{"minimum":{"message":"Value must be at least 1","target":1,"value":0}}}
            """), errors);
    }

    [Fact]
    public void Errors_never_carry_the_SIP_password()
    {
        var errors = CheckServer("""{"auth":{"auth_method":"password","auth_user":"alice","auth_password":"s3cret","ip":"no way","port":0}}""");

        Assert.NotEmpty(errors);
        Assert.DoesNotContain("s3cret", errors.ToKazoo().ToJsonString());
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"servers":"x"}""")]
    [InlineData("""{"servers":[null,1,[],{"auth":null},{"auth":[]},{"auth":{"auth_method":7,"ip":1,"port":"x"}}]}""")]
    [InlineData("""{"servers":[{"options":[],"DIDs":[]},{"options":{"failover":"x","ip":null,"port":null},"DIDs":{"1":null,"2":[],"3":{"failover":[1]}}}]}""")]
    [InlineData("""{"servers":[{"options":{"failover":{"e164":12,"sip":false}},"DIDs":{"+1":{"failover":{"e164":null}}}}]}""")]
    public void Values_of_the_wrong_type_are_left_for_the_schema_validator(string json)
    {
        Assert.Empty(SemanticChecks.Check(Json.Object(json), _numbers));
    }
}
