using System.Text.Json.Nodes;
using static Connectivity.Tests.Schema.Documents;

namespace Connectivity.Tests.Schema;

/// <summary>Keys the spec does not name are stored unchanged: Kazoo's own UI depends on it.</summary>
public class OpenSchemaTests
{
    private const string PbxConnectorDocument = """
        {"name": "acme", "billing_account_id": "a1", "DIDs_Unassigned": {"+14158867999": {}},
         "account": {"trunks": 2, "credits": {"prepay": 10}, "inbound_trunks": 1},
         "servers": [{"server_name": "pbx", "server_type": "FreePBX", "cfg": {"trunks": "not a number"}, "monitor": {"monitor_enabled": false},
                      "permissions": {"users": []}, "auth": {"auth_method": "IP", "ip": "10.0.0.1"},
                      "options": {"e911_info": {"postal_code": "94103"}, "codecs": ["PCMU"]},
                      "DIDs": {"+14158867900": {"failover": {}, "note": {"free": "form"}}}}]}
        """;

    [Fact]
    public void Keys_the_spec_does_not_name_stay_valid() => AssertValid(PbxConnectorDocument);

    [Fact]
    public void Keys_the_spec_does_not_name_are_left_untouched_by_coercion_and_defaults()
    {
        var prepared = Prepare(PbxConnectorDocument);
        var original = Parse(PbxConnectorDocument);
        var server = prepared["servers"]![0]!;
        var originalServer = original["servers"]![0]!;
        foreach (var key in new[] { "server_name", "server_type", "cfg", "monitor", "permissions" })
            Assert.True(JsonNode.DeepEquals(originalServer[key], server[key]), key);
        Assert.Equal("""{"postal_code":"94103"}""", server["options"]!["e911_info"]!.ToJsonString());
        Assert.Equal("""{"prepay":10}""", prepared["account"]!["credits"]!.ToJsonString());
        AssertJson("""{"+14158867999":{}}""", prepared["DIDs_Unassigned"]);
    }
}
