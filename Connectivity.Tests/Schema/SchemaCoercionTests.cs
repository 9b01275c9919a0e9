using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectivity.Domain.Schema;
using CsCheck;
using static Connectivity.Tests.Schema.Documents;

namespace Connectivity.Tests.Schema;

public partial class SchemaCoercionTests
{
    /// <summary>One value at every place the schema wants an integer: top level, inside array items.</summary>
    private static JsonObject WithIntegers(JsonNode value) => new()
    {
        ["account"] = new JsonObject { ["trunks"] = value.DeepClone() },
        ["servers"] = new JsonArray(new JsonObject
        {
            ["auth"] = new JsonObject { ["auth_method"] = "IP", ["port"] = value.DeepClone() },
            ["options"] = new JsonObject { ["delay"] = value.DeepClone(), ["timeout"] = value.DeepClone(), ["progress_timeout"] = value.DeepClone() },
        }),
    };

    /// <summary>One value at every place the schema wants a boolean, including inside a DID (patternProperties).</summary>
    private static JsonObject WithBooleans(JsonNode value) => new()
    {
        ["servers"] = new JsonArray(new JsonObject
        {
            ["auth"] = new JsonObject { ["auth_method"] = "password" },
            ["options"] = new JsonObject { ["enabled"] = value.DeepClone(), ["hunt_non_reconcilable"] = value.DeepClone() },
            ["DIDs"] = new JsonObject { ["+14158867900"] = new JsonObject { ["force_outbound"] = value.DeepClone() } },
        }),
    };

    private static JsonNode?[] IntegerPlaces(JsonObject document) =>
    [
        document["account"]!["trunks"], document["servers"]![0]!["auth"]!["port"],
        document["servers"]![0]!["options"]!["delay"], document["servers"]![0]!["options"]!["timeout"],
        document["servers"]![0]!["options"]!["progress_timeout"],
    ];

    private static JsonNode?[] BooleanPlaces(JsonObject document) =>
    [
        document["servers"]![0]!["options"]!["enabled"], document["servers"]![0]!["options"]!["hunt_non_reconcilable"],
        document["servers"]![0]!["DIDs"]!["+14158867900"]!["force_outbound"],
    ];

    [Fact]
    public void Any_integer_written_as_a_string_where_an_integer_is_expected_becomes_that_integer_and_validates() =>
        Gen.Long.Sample(number =>
        {
            var document = WithIntegers(number.ToString(CultureInfo.InvariantCulture));
            SchemaCoercion.Coerce(document);
            Assert.All(IntegerPlaces(document), place => Assert.Equal(number, place!.GetValue<long>()));
            Assert.True(SchemaValidator.Validate(document).IsEmpty);
        });

    [Fact]
    public void True_and_false_written_as_strings_where_a_boolean_is_expected_become_booleans_and_validate() =>
        Gen.Bool.Sample(flag =>
        {
            var document = WithBooleans(flag ? "true" : "false");
            SchemaCoercion.Coerce(document);
            Assert.All(BooleanPlaces(document), place => Assert.Equal(flag, place!.GetValue<bool>()));
            Assert.True(SchemaValidator.Validate(document).IsEmpty);
        });

    [Fact]
    public void A_string_that_is_not_an_integer_is_left_untouched_and_fails_type() =>
        Gen.String.Where(text => !IntegerText().IsMatch(text)).Sample(text =>
        {
            var document = WithIntegers(text);
            SchemaCoercion.Coerce(document);
            Assert.All(IntegerPlaces(document), place => Assert.Equal(text, place!.GetValue<string>()));
            var errors = SchemaValidator.Validate(document);
            Assert.Equal(5, errors.Count(error => error.Keyword == "type" && error.Value!.GetValue<string>() == text));
        });

    [Fact]
    public void A_string_other_than_true_or_false_is_left_untouched_where_a_boolean_is_expected_and_fails_type() =>
        Gen.String.Where(text => text is not ("true" or "false")).Sample(text =>
        {
            var document = WithBooleans(text);
            SchemaCoercion.Coerce(document);
            Assert.All(BooleanPlaces(document), place => Assert.Equal(text, place!.GetValue<string>()));
            Assert.Equal(3, SchemaValidator.Validate(document).Count(error => error.Keyword == "type"));
        });

    [Theory]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("5.0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("٣")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("99999999999999999999")]
    public void Text_that_only_resembles_an_integer_is_not_coerced(string text)
    {
        var errors = KazooErrors("""{"account": {"trunks": """ + System.Text.Json.JsonSerializer.Serialize(text) + "}}");
        Assert.Equal(text, ErrorAt(errors, "account.trunks", "type")["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("yes")]
    [InlineData("1")]
    public void Only_lowercase_true_and_false_are_coerced_to_booleans(string text) =>
        Assert.NotNull(KazooErrors(WithServer($$""" "options": {"enabled": "{{text}}"}"""))["servers.0.options.enabled"]!["type"]);

    [Fact]
    public void Numbers_in_strings_where_a_string_is_expected_stay_strings() =>
        Gen.Long.Sample(number =>
        {
            var text = number.ToString(CultureInfo.InvariantCulture);
            var document = Parse("""{"name": "x", "servers": [{"auth": {"auth_user": "x"}}]}""");
            document["name"] = text;
            document["servers"]![0]!["auth"]!["auth_user"] = text;
            SchemaCoercion.Coerce(document);
            Assert.Equal(text, document["name"]!.GetValue<string>());
            Assert.Equal(text, document["servers"]![0]!["auth"]!["auth_user"]!.GetValue<string>());
        });

    [Fact]
    public void Leading_zeros_and_negative_zero_coerce_to_the_integer_they_spell()
    {
        var document = Prepare("""{"account": {"trunks": "007"}, "servers": [{"auth": {"port": "-0"}}]}""");
        Assert.Equal(7, document["account"]!["trunks"]!.GetValue<long>());
        Assert.Equal(0, document["servers"]![0]!["auth"]!["port"]!.GetValue<long>());
    }

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex IntegerText();
}
