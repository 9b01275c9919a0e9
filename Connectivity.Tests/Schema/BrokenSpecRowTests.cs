using Connectivity.Domain.Spec;

namespace Connectivity.Tests.Schema;

public class BrokenSpecRowTests
{
    private static SpecFormatException GenerationFailure(params string[] rows) =>
        Assert.Throws<SpecFormatException>(() => SchemaGenerator.GenerateText(SpecNotationTests.Table(rows)));

    [Theory]
    [InlineData("`account.trunks` |   | `strng()` |   | `false` |  ", "unknown type")]
    [InlineData("`account.trunks` |   | `integer(` |   | `false` |  ", "unknown type notation 'integer('")]
    [InlineData("`account.trunks` |   | `integer(abc)` |   | `false` |  ", "range")]
    [InlineData("`account.trunks` |   | `boolean(1..2)` |   | `false` |  ", "takes no arguments")]
    [InlineData("`account.name` |   | `string(35..1)` |   | `false` |  ", "empty range")]
    [InlineData("`account.name` |   | `string(-1..3)` |   | `false` |  ", "negative")]
    [InlineData("`account.name` |   | `string('a' | b)` |   | `false` |  ", "quoted")]
    [InlineData("`account.name` |   | `string('a' | 'a')` |   | `false` |  ", "duplicate")]
    [InlineData("`account.list` |   | `array(strin())` |   | `false` |  ", "unknown type")]
    [InlineData("`account.trunks` |   | `integer()` | `many` | `false` |  ", "not an integer")]
    [InlineData("`account.enabled` |   | `boolean()` | `yes` | `false` |  ", "not true or false")]
    [InlineData("`account.mode` |   | `string('process' | 'bypass')` | `proxy` | `false` |  ", "enumerated")]
    [InlineData("`account.name` |   | `string(1..3)` | `toolong` | `false` |  ", "length")]
    [InlineData("`account.list` |   | `array(string())` | `[1]` | `false` |  ", "elements")]
    [InlineData("`account.list` |   | `array(string())` | `{}` | `false` |  ", "not a JSON array")]
    [InlineData("`account.trunks` |   | `integer()` |   | `maybe` |  ", "`true` or `false`")]
    [InlineData("`account..trunks` |   | `integer()` |   | `false` |  ", "malformed key segment")]
    [InlineData("`account.tr unks` |   | `integer()` |   | `false` |  ", "malformed key segment")]
    [InlineData(@"`account./^\d*.name` |   | `integer()` |   | `false` |  ", "regex")]
    [InlineData(@"`account./(/` |   | `integer()` |   | `false` |  ", "regex")]
    [InlineData("`account.[]` |   | `integer()` |   | `true` |  ", "only a named key can be required")]
    [InlineData("account.trunks |   | `integer()` |   | `false` |  ", "backticks")]
    [InlineData("`account.trunks` |   | integer() |   | `false` |  ", "backticks")]
    [InlineData("`account.trunks` | `integer()` |  ", "cells")]
    public void A_row_the_generator_does_not_understand_fails_with_a_message_naming_it(string row, string problem)
    {
        var failure = GenerationFailure("`account` |   | `object()` |   | `false` |  ", row);
        Assert.Contains(problem, failure.Message);
        Assert.Contains(row, failure.Message);
        Assert.Contains("line 6", failure.Message);
    }

    [Theory]
    [InlineData("`name` |   | `string()` |   | `false` |  ", "`name` | again | `string()` |   | `false` |  ",
        "already declared on line 5", "`name` (line 6)")]
    [InlineData("`account.caller_id.cid_name` |   | `string(0..35)` |   | `false` |  ", "`account` |   | `object()` |   | `false` |  ",
        "no row declares `account.caller_id`", "`account.caller_id.cid_name`")]
    [InlineData("`name` |   | `string()` |   | `false` |  ", "`name.first` |   | `string()` |   | `false` |  ",
        "`name` is string, not an object", "Spec row `name.first`")]
    [InlineData("`flags` |   | `object()` |   | `false` |  ", "`flags.[]` |   | `string()` |   | `false` |  ",
        "not an array", "Spec row `flags.[]`")]
    [InlineData("`flags` |   | `array(string())` |   | `false` |  ", "`flags.[]` |   | `integer()` |   | `false` |  ",
        "the items are integer", "Spec row `flags.[]`")]
    public void Rows_that_contradict_each_other_fail_naming_the_row_at_fault(string first, string second, string problem, string rowAtFault)
    {
        var failure = GenerationFailure(first, second);
        Assert.Contains(problem, failure.Message);
        Assert.Contains(rowAtFault, failure.Message);
    }

    [Fact]
    public void A_spec_without_a_field_table_fails() =>
        Assert.Throws<SpecFormatException>(() => SchemaGenerator.GenerateText("# Connectivity\n\nNo table here.\n"));
}
