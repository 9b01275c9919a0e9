using Connectivity.Domain.Routing;
using Doc = Connectivity.Tests.Documents.Json;

namespace Connectivity.Tests.Lookups;

public class CallRouteTests
{
    private const string Number = "+14158867900";

    [Fact]
    public void A_route_names_the_server_and_resolves_settings_across_DID_server_and_account()
    {
        var route = CallRoute.For(Element("""
            {"account":{"auth_realm":"Acme.example.com","timeout":40,"caller_id":{"cid_name":"Acme"}},
             "servers":[{"name":"a"},{"name":"pbx1","auth":{"auth_method":"IP","ip":"10.0.0.1"},
                         "options":{"inbound_format":"e164","delay":2,"hunt_account_id":"abc","hunt_non_reconcilable":true},
                         "DIDs":{"+14158867900":{"progress_timeout":6,"options":["opt"]}}}]}
            """), 1, Number)!;

        Assert.True(route.Routable);
        Assert.Equal("pbx1", route.Server.Name);
        Assert.Equal(1, route.Server.Index);
        Assert.Equal(6, route.Settings!["progress_timeout"]!.Value.GetInt32());
        Assert.Equal(2, route.Settings["delay"]!.Value.GetInt32());
        Assert.Equal(40, route.Settings["timeout"]!.Value.GetInt32());
        Assert.Equal("Acme", route.Settings["caller_id"]!.Value.GetProperty("cid_name").GetString());
        Assert.Equal("abc", route.HuntAccountId);
        Assert.True(route.HuntNonReconcilable);
        Doc.AssertEqual(System.Text.Json.Nodes.JsonNode.Parse("""["opt"]"""), route.DidOptions);
        Assert.Equal(new InviteTarget(InboundFormat.E164, Number, "Acme.example.com", "10.0.0.1", 5060), route.Invite);
    }

    [Theory]
    [InlineData("""{"auth":{"ip":"10.0.0.1"},"options":{"ip":"10.0.0.2","inbound_format":"npan"}}""",
        InboundFormat.Npan, "10.0.0.1", 5060, "sip:4158867900@10.0.0.1")]
    [InlineData("""{"auth":{"auth_user":"u"},"options":{"ip":"2001:db8::5","port":5080,"inbound_format":"1npan"}}""",
        InboundFormat.OneNpan, "2001:db8::5", 5080, "sip:14158867900@[2001:db8::5]:5080")]
    [InlineData("""{"auth":{"auth_user":"u"}}""",
        InboundFormat.Npan, null, 5060, null)]
    public void The_INVITE_goes_to_auth_ip_else_options_ip_with_a_port_other_than_5060_in_the_uri(
        string server, InboundFormat format, string? ip, int port, string? requestUri)
    {
        var document = Doc.Object("""{"servers":[]}""");
        var entry = Doc.Object(server);
        entry["DIDs"] = Doc.Object("""{"+14158867900":{}}""");
        document["servers"]!.AsArray().Add(entry);

        var invite = CallRoute.For(Doc.Element(document)!.Value, 0, Number)!.Invite!;

        Assert.Equal(format, invite.Format);
        Assert.Equal(ip, invite.Ip);
        Assert.Equal(port, invite.Port);
        Assert.Equal(port != 5060, invite.PortInUri);
        Assert.Equal(requestUri, invite.RequestUri);
    }

    [Fact]
    public void A_disabled_server_is_not_routable_and_carries_no_settings_or_invite()
    {
        var route = CallRoute.For(Element("""
            {"servers":[{"name":"off","options":{"enabled":false,"timeout":5},"DIDs":{"+14158867900":{}}}]}
            """), 0, Number)!;

        Assert.False(route.Routable);
        Assert.Equal("off", route.Server.Name);
        Assert.Null(route.Settings);
        Assert.Null(route.Invite);
    }

    [Fact]
    public void A_server_that_does_not_hold_the_number_gives_no_route()
    {
        var document = Doc.Object("""{"servers":[{"DIDs":{"+14158867901":{}}}]}""");

        Assert.Null(CallRoute.For(Doc.Element(document)!.Value, 0, Number));
        Assert.Null(CallRoute.For(Doc.Element(document)!.Value, 3, Number));
    }

    private static System.Text.Json.JsonElement Element(string json) => Doc.Element(Doc.Object(json))!.Value;
}
