using System.Text.Json.Nodes;
using Connectivity.Domain.Schema;
using Connectivity.Domain.Spec;
using Connectivity.Tests.Infrastructure;
using CsCheck;

namespace Connectivity.Tests.Schema;

public class SchemaGenerationTests
{
    private static readonly string SpecMarkdown = File.ReadAllText(RepositoryFile.Path("spec/connectivity.md"));
    private static readonly string CommittedSchema = File.ReadAllText(RepositoryFile.Path("spec/connectivity.schema.json"));

    [Fact]
    public void Regenerating_from_the_spec_is_byte_identical_to_the_committed_schema() =>
        Assert.Equal(CommittedSchema, SchemaGenerator.GenerateText(SpecMarkdown));

    [Fact]
    public void The_embedded_schema_is_the_committed_schema() =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(CommittedSchema), ConnectivitySchema.Json));

    [Fact]
    public void The_generated_text_starts_with_schema_then_id_and_ends_with_a_newline()
    {
        var lines = CommittedSchema.Split('\n');
        Assert.Equal("{", lines[0]);
        Assert.Equal($"  \"$schema\": \"{SchemaGenerator.SchemaDialect}\",", lines[1]);
        Assert.Equal($"  \"$id\": \"{SchemaGenerator.SchemaId}\",", lines[2]);
        Assert.EndsWith("}\n", CommittedSchema);
        Assert.DoesNotContain("\r", CommittedSchema);
    }

    [Fact]
    public void Every_row_of_the_spec_table_is_read()
    {
        var rows = SpecTable.Parse(SpecMarkdown);
        Assert.Equal(55, rows.Count);
        var authMethod = Assert.Single(rows, row => row.Key == "servers.[].auth.auth_method");
        Assert.Equal("string('password' | 'Password' | 'IP' | 'ip')", authMethod.Type);
        Assert.Equal("password", authMethod.Default);
        Assert.True(authMethod.Required);
        Assert.Equal("What type of auth mechanism to use", authMethod.Description);
    }

    [Fact]
    public void The_order_of_the_rows_does_not_change_the_schema()
    {
        var rows = SpecTable.Parse(SpecMarkdown).ToArray();
        Gen.Shuffle(rows).Sample(shuffled => SchemaGenerator.ToText(SchemaGenerator.Generate(shuffled)) == CommittedSchema, iter: 50);
    }

    [Fact]
    public void The_schema_never_closes_an_object_to_unknown_keys() =>
        Assert.DoesNotContain("additionalProperties", CommittedSchema);

    [Fact]
    public void The_committed_schema_has_the_shape_the_spec_describes()
    {
        var server = ConnectivitySchema.Json["properties"]!["servers"]!["items"]!;
        Assert.Equal("""["auth"]""", server["required"]!.ToJsonString());
        Assert.Equal("""["auth_method"]""", server["properties"]!["auth"]!["required"]!.ToJsonString());
        Assert.NotNull(server["properties"]!["DIDs"]!["patternProperties"]![@"^\+?\d*$"]);
        Assert.Equal("[]", ConnectivitySchema.Json["properties"]!["servers"]!["default"]!.ToJsonString());
    }
}
