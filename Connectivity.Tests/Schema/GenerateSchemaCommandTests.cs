using Connectivity.Api.Commands;

namespace Connectivity.Tests.Schema;

[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public class ConsoleCapture;

[Collection(nameof(ConsoleCapture))]
public sealed class GenerateSchemaCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("generate-schema-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();
    private readonly TextWriter _originalOut = Console.Out;
    private readonly TextWriter _originalError = Console.Error;

    public GenerateSchemaCommandTests()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    private string SpecPath => Path.Combine(_folder, "connectivity.md");
    private string SchemaPath => Path.Combine(_folder, "connectivity.schema.json");

    [Fact]
    public void Generating_writes_the_committed_schema_and_says_so()
    {
        File.Copy(RepositoryRoot.File("spec/connectivity.md"), SpecPath);
        Assert.Equal(0, GenerateSchemaCommand.Run(SpecPath, SchemaPath));
        Assert.Equal(File.ReadAllText(RepositoryRoot.File("spec/connectivity.schema.json")), File.ReadAllText(SchemaPath));
        Assert.Contains($"Wrote {SchemaPath}", _out.ToString());
    }

    [Fact]
    public void Generating_again_reports_the_schema_is_up_to_date()
    {
        File.Copy(RepositoryRoot.File("spec/connectivity.md"), SpecPath);
        GenerateSchemaCommand.Run(SpecPath, SchemaPath);
        Assert.Equal(0, GenerateSchemaCommand.Run(SpecPath, SchemaPath));
        Assert.Contains("already up to date", _out.ToString());
    }

    [Fact]
    public void A_broken_row_prints_it_to_stderr_returns_1_and_writes_nothing()
    {
        File.WriteAllText(SpecPath, SpecNotationTests.Table("`account.trunks` |   | `strng()` |   | `false` |  "));
        Assert.Equal(1, GenerateSchemaCommand.Run(SpecPath, SchemaPath));
        Assert.Contains("`account.trunks`", _error.ToString());
        Assert.Contains("strng()", _error.ToString());
        Assert.False(File.Exists(SchemaPath));
    }

    [Fact]
    public void A_missing_spec_returns_1() =>
        Assert.Equal(1, GenerateSchemaCommand.Run(Path.Combine(_folder, "absent.md"), SchemaPath));

    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
        Directory.Delete(_folder, recursive: true);
    }
}
