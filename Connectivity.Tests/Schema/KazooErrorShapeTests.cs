using System.Text.Json.Nodes;
using Connectivity.Domain.Schema;
using Connectivity.Domain.Spec;
using static Connectivity.Tests.Schema.Documents;

namespace Connectivity.Tests.Schema;

/// <summary>Keywords the connectivity spec does not use yet, checked against a small schema of their own.</summary>
public class KazooErrorShapeTests
{
    private const string SchemaText = """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "properties": {
           "port": {"type": "integer", "minimum": 1, "maximum": 65535},
           "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
           "a.b": {"type": ["string", "null"]},
           "list": {"type": "array", "minItems": 2}}}
        """;

    private static readonly Json.Schema.JsonSchema Schema = ConnectivitySchema.Build(SchemaText);

    private static JsonObject Errors(string json) =>
        SchemaValidator.Validate(JsonNode.Parse(json), Schema, Parse(SchemaText)).ToKazoo();

    [Fact]
    public void A_number_below_the_minimum_fails_with_kazoos_message() =>
        AssertJson("""{"message": "Value must be at least 1", "target": 1, "value": 0}""", ErrorAt(Errors("""{"port": 0}"""), "port", "minimum"));

    [Fact]
    public void A_number_above_the_maximum_fails_with_kazoos_message() =>
        AssertJson("""{"message": "Value must be at most 65535", "target": 65535, "value": 70000}""", ErrorAt(Errors("""{"port": 70000}"""), "port", "maximum"));

    [Fact]
    public void A_string_that_does_not_match_the_pattern_fails_with_the_pattern_quoted() =>
        AssertJson("""{"message": "Failed to match pattern '^[A-Z]{2}$'", "target": "^[A-Z]{2}$", "value": "abc"}""", ErrorAt(Errors("""{"code": "abc"}"""), "code", "pattern"));

    [Fact]
    public void A_dot_inside_a_key_is_escaped_in_the_path_and_several_types_are_listed() =>
        AssertJson("""{"message": "Value did not match type(s): string, null", "target": ["string", "null"], "value": 5}""", ErrorAt(Errors("""{"a.b": 5}"""), "a%2Eb", "type"));

    [Fact]
    public void A_keyword_kazoo_has_no_wording_for_is_still_reported_with_its_target()
    {
        var error = ErrorAt(Errors("""{"list": [1]}"""), "list", "minItems");
        Assert.Equal(2, error["target"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
    }

    [Fact]
    public void An_integer_range_in_the_spec_is_enforced_with_minimum_and_maximum()
    {
        var schema = SchemaGenerator.Generate(SpecTable.Parse(SpecNotationTests.Table("`port` |   | `integer(1..65535)` |   | `false` |  ")));
        var errors = SchemaValidator.Validate(JsonNode.Parse("""{"port": 0}"""), ConnectivitySchema.Build(SchemaGenerator.ToText(schema)), schema).ToKazoo();
        Assert.Equal("Value must be at least 1", ErrorAt(errors, "port", "minimum")["message"]!.GetValue<string>());
    }

    [Fact]
    public void The_connectivity_schema_built_again_next_to_the_shared_one_reports_the_same_errors()
    {
        var document = JsonNode.Parse("""{"servers": [{"options": {"media_handling": "proxy"}}]}""");
        var rebuilt = ConnectivitySchema.Build(ConnectivitySchema.Json.ToJsonString());

        var shared = SchemaValidator.Validate(document).ToKazoo();
        var again = SchemaValidator.Validate(document, rebuilt, ConnectivitySchema.Json).ToKazoo();

        Assert.Equal("enum", Assert.IsType<JsonObject>(shared["servers.0.options.media_handling"]).Single().Key);
        AssertJson(shared.ToJsonString(), again);
    }
}
