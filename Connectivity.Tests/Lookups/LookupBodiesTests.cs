using System.Text;
using System.Text.Json.Nodes;
using Connectivity.Api.Lookups;
using Connectivity.Domain.Routing;

namespace Connectivity.Tests.Lookups;

/// <summary>A lookup answered from memory reads one server and one DID of the document, and answers exactly as from the whole.</summary>
public sealed class LookupBodiesTests
{
    private const string Document = """
        {"name":"Trunk","account":{"auth_realm":"pbx.example.com","trunks":4,"caller_id":{"cid_number":"+14158867900"}},
         "call_restriction":{"international":{"action":"deny"}},
         "servers":[
           {"name":"a","auth":{"auth_method":"password","auth_user":"front","auth_password":"s3cret"},
            "options":{"enabled":true,"inbound_format":"e164"},
            "DIDs":{"+14155550100":{"force_outbound":false},"+14155550101":{"options":{"sip_headers":{"X-Who":"a"}}}}},
           {"name":"b","auth":{"auth_method":"IP","ip":"192.0.2.10","port":5080},
            "options":{"enabled":true,"inbound_format":"npan","media_handling":"process","failover":{"e164":"+14155550199"}},
            "DIDs":{"+14155550200":{"caller_id":{"cid_name":"Sales"}},"+14155550201":{}}},
           {"name":"c","options":{"enabled":false},"DIDs":{"+14155550300":{}}}
         ]}
        """;

    [Theory]
    [InlineData(0, "+14155550100")]
    [InlineData(0, "+14155550101")]
    [InlineData(1, "+14155550200")]
    [InlineData(1, "+14155550201")]
    [InlineData(2, "+14155550300")]
    public void A_did_answer_from_the_trimmed_body_is_the_answer_from_the_whole_document(int server, string number)
    {
        var whole = (JsonObject)JsonNode.Parse(Document)!;
        var trimmed = LookupBodies.ForServer(Encoding.UTF8.GetBytes(Document), server, number);

        Assert.Equal(
            Answer(whole, server, number).ToJsonString(),
            Answer(trimmed, server, number).ToJsonString());
    }

    [Fact]
    public void The_trimmed_body_keeps_the_account_and_the_one_server_with_only_the_number_asked_for()
    {
        var trimmed = LookupBodies.ForServer(Encoding.UTF8.GetBytes(Document), 1, "+14155550200");

        var servers = trimmed["servers"]!.AsArray();
        Assert.Equal(3, servers.Count);
        Assert.Null(servers[0]);
        Assert.Null(servers[2]);
        Assert.Equal(["+14155550200"], servers[1]!["DIDs"]!.AsObject().Select(did => did.Key));
        Assert.Equal("pbx.example.com", (string?)trimmed["account"]!["auth_realm"]);
        Assert.NotNull(trimmed["call_restriction"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_server_answer_from_the_trimmed_body_is_the_answer_from_the_whole_document(int server)
    {
        var whole = (JsonObject)JsonNode.Parse(Document)!;
        var trimmed = LookupBodies.ForServer(Encoding.UTF8.GetBytes(Document), server, null);
        var hit = (JsonObject body) => new LookupHit("account", "document", server, body);

        Assert.Equal(
            LookupResponses.Credential(hit(whole), TrunkServer.At(whole, server)!).ToJsonString(),
            LookupResponses.Credential(hit(trimmed), TrunkServer.At(trimmed, server)!).ToJsonString());
        Assert.Equal(
            LookupResponses.Ip(hit(whole), TrunkServer.At(whole, server)!, "192.0.2.10").ToJsonString(),
            LookupResponses.Ip(hit(trimmed), TrunkServer.At(trimmed, server)!, "192.0.2.10").ToJsonString());
    }

    private static JsonObject Answer(JsonObject body, int server, string number) =>
        LookupResponses.Did(new LookupHit("account", "document", server, body), CallRoute.For(body, server, number)!);
}
