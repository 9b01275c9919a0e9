using System.Text.Json.Nodes;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;
using CsCheck;

namespace Connectivity.Tests.Documents;

/// <summary>Client mistakes must come back as errors, never as exceptions.</summary>
public class DocumentRulesRobustnessProperties
{
    private readonly PhoneNumbers _numbers = new();

    private static readonly Gen<string> Key = Gen.OneOf(
        "auth", "options", "DIDs", "failover", "ip", "port", "auth_method", "auth_user", "auth_password",
        "e164", "sip", "auth_realm", "+14158867900", "4158867900", "", "a.b");

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Gen.OneOf("", "ip", "IP", "password", "Password", "10.0.0.1", "::ffff:10.0.0.1", "fe80::1%1", "sip:a@b",
            "sip:", "4158867900", "+", "alice", "pbx.example.com").Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf(0.0, 1.0, 5060.0, 65536.0, -1.0, 0.5, 1e300).Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Int[0, 0].Select(_ => (JsonNode?)null));

    private static Gen<JsonNode?> Node(int depth)
    {
        if (depth == 0) return Scalar;
        var array = Node(depth - 1).List[0, 3].Select(items => (JsonNode?)new JsonArray(items.ToArray()));
        return Gen.Frequency((2, Scalar), (1, array), (3, Object(depth - 1).Select(o => (JsonNode?)o)));
    }

    private static Gen<JsonObject> Object(int depth) =>
        Gen.Select(Key, Node(depth)).List[0, 5].Select(pairs =>
        {
            var result = new JsonObject();
            foreach (var (key, value) in pairs) result[key] = value;
            return result;
        });

    private static readonly Gen<JsonObject> Document =
        Gen.Select(Node(3).List[0, 4], Node(2)).Select((servers, account) => new JsonObject
        {
            ["servers"] = new JsonArray(servers.ToArray()),
            ["account"] = account,
        });

    [Fact]
    public void The_document_rules_never_throw_on_any_JSON()
    {
        Document.Sample(document =>
        {
            SemanticChecks.Check(document, _numbers).ToKazoo();
            DidKeys.Normalize(document, _numbers).ToKazoo();
            var index = DocumentIndex.Of(document);
            index.Conflicts.ToKazoo();
            DocumentMerge.Patch(document, document);
            DocumentMerge.Replace(document, document);
        }, iter: 2000, print: d => d.ToJsonString());
    }
}
