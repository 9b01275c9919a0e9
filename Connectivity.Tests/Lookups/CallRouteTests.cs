using Connectivity.Domain.Routing;
using Doc = Connectivity.Tests.Documents.Json;

namespace Connectivity.Tests.Lookups;

public class CallRouteTests
{
    private const string Number = "+14158867900";

    [Fact]
    public void A_route_names_the_server_and_resolves_settings_across_DID_server_and_account()
    {
        var route = CallRoute.For(Doc.Object("""
            {"account":{"auth_realm":"Acme.example.com","timeout":40,"caller_id":{"cid_name":"Acme"}},
             "servers":[{"name":"a"},{"name":"pbx1","auth":{"auth_method":"IP","ip":"10.0.0.1"},
                         "options":{"inbound_format":"e164","delay":2,"hunt_account_id":"abc","hunt_non_reconcilable":true},
                         "DIDs":{"+14158867900":{"progress_timeout":6,"options":["opt"]}}}]}
            """), 1, Number)!;

        Assert.True(route.Routable);
        Assert.Equal("pbx1", route.Server.Name);
        Assert.Equal(1, route.Server.Index);
        Assert.Equal(6, route.Settings!["progress_timeout"]!.GetValue<int>());
        Assert.Equal(2, route.Settings["delay"]!.GetValue<int>());
        Assert.Equal(40, route.Settings["timeout"]!.GetValue<int>());
        Assert.Equal("Acme", route.Settings["caller_id"]!["cid_name"]!.GetValue<string>());
        Assert.Equal("abc", route.HuntAccountId);
        Assert.True(route.HuntNonReconcilable);
        Doc.AssertEqual(System.Text.Json.Nodes.JsonNode.Parse("""["opt"]"""), route.DidOptions);
        Assert.Equal(new InviteTarget(InboundFormat.E164, Number, "Acme.example.com", "10.0.0.1", 5060), route.Invite);
    }

    [Fact]
    public void The_destination_is_auth_ip_before_options_ip_and_5060_stays_out_of_the_uri()
    {
        var route = CallRoute.For(Doc.Object("""
            {"servers":[{"auth":{"ip":"10.0.0.1"},"options":{"ip":"10.0.0.2","inbound_format":"npan"},"DIDs":{"+14158867900":{}}}]}
            """), 0, Number)!;

        Assert.Equal("10.0.0.1", route.Invite!.Ip);
        Assert.Equal(5060, route.Invite.Port);
        Assert.False(route.Invite.PortInUri);
        Assert.Equal("sip:4158867900@10.0.0.1", route.Invite.RequestUri);
    }

    [Fact]
    public void Without_auth_ip_the_destination_is_options_ip_with_its_port()
    {
        var route = CallRoute.For(Doc.Object("""
            {"servers":[{"auth":{"auth_user":"u"},"options":{"ip":"2001:db8::5","port":5080,"inbound_format":"1npan"},"DIDs":{"+14158867900":{}}}]}
            """), 0, Number)!;

        Assert.Equal("2001:db8::5", route.Invite!.Ip);
        Assert.Equal(5080, route.Invite.Port);
        Assert.True(route.Invite.PortInUri);
        Assert.Equal("sip:14158867900@[2001:db8::5]:5080", route.Invite.RequestUri);
    }

    [Fact]
    public void A_server_without_an_address_has_no_request_uri()
    {
        var route = CallRoute.For(Doc.Object("""{"servers":[{"auth":{"auth_user":"u"},"DIDs":{"+14158867900":{}}}]}"""), 0, Number)!;

        Assert.Null(route.Invite!.Ip);
        Assert.Null(route.Invite.RequestUri);
        Assert.Equal(InboundFormat.Npan, route.Invite.Format);
    }

    [Fact]
    public void A_disabled_server_is_not_routable_and_carries_no_settings_or_invite()
    {
        var route = CallRoute.For(Doc.Object("""
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

        Assert.Null(CallRoute.For(document, 0, Number));
        Assert.Null(CallRoute.For(document, 3, Number));
    }
}
