using System.Text.Json.Nodes;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;
using CsCheck;

namespace Connectivity.Tests.Documents;

public class DidKeysTests
{
    private readonly PhoneNumbers _numbers = new();

    [Fact]
    public void Every_DID_key_is_rewritten_to_E164_keeping_its_entry_and_order()
    {
        var document = Json.Object("""
            {"servers":[
              {"DIDs":{"4158867900":{"force_outbound":true},"1-415-886-7901":{},"+14158867902":null}},
              {"DIDs":{"+44 20 7946 0958":{"failover":{"e164":"+14158867999"}}}}]}
            """);

        var errors = DidKeys.Normalize(document, _numbers);

        Assert.True(errors.IsEmpty);
        Json.AssertEqual(Json.Object("""
            {"servers":[
              {"DIDs":{"+14158867900":{"force_outbound":true},"+14158867901":{},"+14158867902":null}},
              {"DIDs":{"+442079460958":{"failover":{"e164":"+14158867999"}}}}]}
            """), document);
        Assert.Equal(["+14158867900", "+14158867901", "+14158867902"],
            document["servers"]![0]!["DIDs"]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("123")]
    public void A_key_that_is_not_a_phone_number_is_a_format_error(string key)
    {
        var document = new JsonObject
        {
            ["servers"] = new JsonArray(new JsonObject { ["DIDs"] = new JsonObject { ["+14158867900"] = new JsonObject(), [key] = new JsonObject() } }),
        };

        var error = Assert.Single(DidKeys.Normalize(document, _numbers));

        Assert.Equal($"servers.0.DIDs.{key}", error.Path);
        Assert.Equal("format", error.Keyword);
        Assert.Equal("Value is not a valid phone number", error.Message);
        Assert.Equal(key, (string?)error.Value);
    }

    [Fact]
    public void A_dot_in_a_rejected_key_is_escaped_in_the_path()
    {
        var document = Json.Object("""{"servers":[{"DIDs":{"415.886":{}}}]}""");

        var error = Assert.Single(DidKeys.Normalize(document, _numbers));

        Assert.Equal("servers.0.DIDs.415%2E886", error.Path);
    }

    [Fact]
    public void The_same_number_twice_on_one_server_is_a_unique_error_at_the_second_key()
    {
        var document = Json.Object("""{"servers":[{"DIDs":{"4158867900":{},"+1 415 886 7900":{}}}]}""");

        var error = Assert.Single(DidKeys.Normalize(document, _numbers));

        Assert.Equal("servers.0.DIDs.+1 415 886 7900", error.Path);
        Assert.Equal("unique", error.Keyword);
        Assert.Equal("DID +14158867900 is already used by servers.0.DIDs", error.Message);
        Assert.Equal("servers.0.DIDs.4158867900", (string?)error.Target);
    }

    [Fact]
    public void The_same_number_on_two_servers_of_one_document_is_a_unique_error()
    {
        var document = Json.Object("""{"servers":[{"DIDs":{"+14158867900":{}}},{"DIDs":{"14158867900":{}}}]}""");

        var error = Assert.Single(DidKeys.Normalize(document, _numbers));

        Assert.Equal("servers.1.DIDs.14158867900", error.Path);
        Assert.Equal("unique", error.Keyword);
        Assert.Equal("DID +14158867900 is already used by servers.0.DIDs", error.Message);
    }

    [Fact]
    public void A_duplicate_whose_key_is_already_canonical_leaves_the_DIDs_as_sent()
    {
        var document = Json.Object("""{"servers":[{"DIDs":{"4158867900":{"a":1},"+14158867900":{"b":2}}}]}""");

        var errors = DidKeys.Normalize(document, _numbers);

        Assert.Single(errors);
        Json.AssertEqual(Json.Object("""{"servers":[{"DIDs":{"4158867900":{"a":1},"+14158867900":{"b":2}}}]}"""), document);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"servers":null}""")]
    [InlineData("""{"servers":{"DIDs":{"1":{}}}}""")]
    [InlineData("""{"servers":[null,1,"x",[],{"DIDs":[]},{"DIDs":"4158867900"},{"DIDs":null}]}""")]
    public void Documents_of_odd_shape_are_left_for_the_schema_validator(string json)
    {
        var document = Json.Object(json);
        var before = document.DeepClone();

        var errors = DidKeys.Normalize(document, _numbers);

        Assert.True(errors.IsEmpty);
        Json.AssertEqual(before, document);
    }

    [Fact]
    public void Normalising_DID_keys_twice_changes_nothing_the_second_time()
    {
        var key = Gen.OneOf(
            Gen.Select(Gen.Int[200, 999], Gen.Int[200, 999], Gen.Int[0, 9999], (a, b, c) => $"{a}{b}{c:0000}"),
            Gen.Select(Gen.Int[200, 999], Gen.Int[200, 999], Gen.Int[0, 9999], (a, b, c) => $"+1 ({a}) {b}-{c:0000}"),
            Gen.Char["0123456789+-"].Array[0, 12].Select(chars => new string(chars)));
        var documents = key.Array[0, 4].Array[0, 3].Select(servers => new JsonObject
        {
            ["servers"] = new JsonArray(servers.Select(keys =>
            {
                var dids = new JsonObject();
                foreach (var k in keys) dids[k] = new JsonObject { ["force_outbound"] = false };
                return (JsonNode)new JsonObject { ["DIDs"] = dids };
            }).ToArray()),
        });

        documents.Sample(document =>
        {
            DidKeys.Normalize(document, _numbers);
            var once = document.DeepClone();
            DidKeys.Normalize(document, _numbers);
            return JsonNode.DeepEquals(once, document);
        }, print: d => d.ToJsonString());
    }
}
