using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Domain.Schema;
using CsCheck;

namespace Connectivity.Tests.Schema;

/// <summary>Whatever a client sends, coercion, defaults and validation answer without throwing.</summary>
public class AnyJsonTests
{
    private static readonly string[] Keys =
    [
        "servers", "auth", "options", "DIDs", "+14158867900", "4158867900", "", "caller_id", "cid_name", "enabled", "delay",
        "auth_method", "auth_user", "port", "flags", "sip_headers", "account", "trunks", "name", "failover", "e164",
        "force_outbound", "media_handling", "emergency_caller_id", "0", "a.b", "x/y~z", "cfg",
    ];

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Gen.OneOf("null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "123456789012345678901234567890",
            "\"5\"", "\"-3\"", "\"true\"", "\"false\"", "\"\"", "\"proxy\"", "\"99999999999999999999\"", "[]", "{}")),
        (1, Gen.Long.Select(number => number.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.String.Select(text => JsonSerializer.Serialize(text))));

    private static Gen<string> Json(int depth) => depth == 0 ? Scalar : Gen.Frequency(
        (1, Scalar),
        (1, Json(depth - 1).Array[0, 3].Select(elements => "[" + string.Join(",", elements) + "]")),
        (3, Gen.Select(Gen.OneOf(Keys), Json(depth - 1), (key, value) => (key, value)).Array[0, 5]
            .Select(members => "{" + string.Join(",", members.DistinctBy(member => member.key)
                .Select(member => JsonSerializer.Serialize(member.key) + ":" + member.value)) + "}")));

    [Fact]
    public void Coercion_defaults_and_validation_never_throw_and_settle_after_one_pass() =>
        Json(6).Sample(text =>
        {
            var node = JsonNode.Parse(text);
            _ = SchemaValidator.Validate(node);
            if (node is not JsonObject document) return;
            SchemaCoercion.Coerce(document);
            SchemaDefaults.Apply(document);
            var settled = (JsonObject)document.DeepClone();
            SchemaCoercion.Coerce(settled);
            SchemaDefaults.Apply(settled);
            Assert.True(JsonNode.DeepEquals(document, settled));
            _ = SchemaValidator.Validate(document).ToKazoo();
        }, iter: 2000);

    [Fact]
    public void A_document_nested_far_deeper_than_the_schema_is_validated()
    {
        JsonNode nested = new JsonArray();
        for (var level = 0; level < 500; level++) nested = new JsonObject { ["cfg"] = nested };
        var document = new JsonObject { ["cfg"] = nested, ["name"] = 5 };
        SchemaCoercion.Coerce(document);
        SchemaDefaults.Apply(document);
        Assert.Equal("name", Assert.Single(SchemaValidator.Validate(document)).Path);
    }

    [Fact]
    public void A_null_document_fails_type_without_throwing() =>
        Assert.Equal("type", Assert.Single(SchemaValidator.Validate(null)).Keyword);
}
