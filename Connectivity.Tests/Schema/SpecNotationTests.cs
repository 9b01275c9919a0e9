using System.Text.Json.Nodes;
using Connectivity.Domain.Spec;

namespace Connectivity.Tests.Schema;

public class SpecNotationTests
{
    internal static string Table(params string[] rows) =>
        "# Test\n\nKey | Description | Type | Default | Required | Support Level\n--- | --- | --- | --- | --- | ---\n"
        + string.Join("\n", rows) + "\n\n## After the table\n";

    private static JsonObject Generate(params string[] rows) => SchemaGenerator.Generate(SpecTable.Parse(Table(rows)));

    private static string PropertyJson(JsonObject schema, string name) => schema["properties"]![name]!.ToJsonString();

    [Theory]
    [InlineData("string()", """{"type":"string"}""")]
    [InlineData("string(0..35)", """{"type":"string","minLength":0,"maxLength":35}""")]
    [InlineData("string(1..35)", """{"type":"string","minLength":1,"maxLength":35}""")]
    [InlineData("string(1..)", """{"type":"string","minLength":1}""")]
    [InlineData("string(..8)", """{"type":"string","maxLength":8}""")]
    [InlineData("integer()", """{"type":"integer"}""")]
    [InlineData("integer(-5..65535)", """{"type":"integer","minimum":-5,"maximum":65535}""")]
    [InlineData("boolean()", """{"type":"boolean"}""")]
    [InlineData("object()", """{"type":"object"}""")]
    [InlineData("array(string())", """{"type":"array","items":{"type":"string"}}""")]
    [InlineData("array(object())", """{"type":"array","items":{"type":"object"}}""")]
    [InlineData("array(array(integer(1..)))", """{"type":"array","items":{"type":"array","items":{"type":"integer","minimum":1}}}""")]
    [InlineData("string('process' | 'bypass')", """{"type":"string","enum":["process","bypass"]}""")]
    public void A_type_notation_becomes_its_json_schema_keywords(string notation, string expected) =>
        Assert.Equal(expected, PropertyJson(Generate($"`field` |   | `{notation}` |   | `false` |  "), "field"));

    [Theory]
    [InlineData("integer()", "`0`", "0")]
    [InlineData("boolean()", "`true`", "true")]
    [InlineData("boolean()", "`false`", "false")]
    [InlineData("string('e164' | 'npan')", "`npan`", "\"npan\"")]
    [InlineData("string()", "`password`", "\"password\"")]
    [InlineData("array(object())", "`[]`", "[]")]
    [InlineData("object()", "`{}`", "{}")]
    public void A_default_is_written_with_the_type_of_its_row(string notation, string defaultCell, string expected) =>
        Assert.Equal(expected, Generate($"`field` |   | `{notation}` | {defaultCell} | `false` |  ")["properties"]!["field"]!["default"]!.ToJsonString());

    [Fact]
    public void A_description_is_kept_and_an_empty_one_is_left_out()
    {
        var schema = Generate("`described` | Says what it is | `string()` |   | `false` |  ", "`bare` |   | `string()` |   | `false` |  ");
        Assert.Equal("Says what it is", schema["properties"]!["described"]!["description"]!.GetValue<string>());
        Assert.False(schema["properties"]!["bare"]!.AsObject().ContainsKey("description"));
    }

    [Fact]
    public void A_required_row_lands_in_the_required_list_of_its_parent()
    {
        var schema = Generate(
            "`servers.[].auth` |   | `object()` |   | `true` |  ",
            "`servers` |   | `array(object())` |   | `false` |  ",
            "`top` |   | `string()` |   | `true` |  ");
        Assert.Equal("""["auth"]""", schema["properties"]!["servers"]!["items"]!["required"]!.ToJsonString());
        Assert.Equal("""["top"]""", schema["required"]!.ToJsonString());
    }

    [Fact]
    public void A_regex_key_becomes_pattern_properties_and_items_rows_merge_with_the_array_type()
    {
        var schema = Generate(
            @"`DIDs./^\+?\d*$/.options.[]` | One option | `string()` |   | `false` |  ",
            @"`DIDs./^\+?\d*$/.options` |   | `array(string())` |   | `false` |  ",
            @"`DIDs./^\+?\d*$/` |   | `object()` |   | `false` |  ",
            "`DIDs` |   | `object()` |   | `false` |  ");
        var did = schema["properties"]!["DIDs"]!["patternProperties"]![@"^\+?\d*$"]!;
        Assert.Equal("""{"description":"One option","type":"string"}""", did["properties"]!["options"]!["items"]!.ToJsonString());
    }

    [Fact]
    public void A_regex_key_may_contain_dots_and_slashes()
    {
        var schema = Generate(@"`hosts./^[a-z.]+\/v[0-9]$/` |   | `string()` |   | `false` |  ", "`hosts` |   | `object()` |   | `false` |  ");
        Assert.NotNull(schema["properties"]!["hosts"]!["patternProperties"]![@"^[a-z.]+\/v[0-9]$"]);
    }
}
