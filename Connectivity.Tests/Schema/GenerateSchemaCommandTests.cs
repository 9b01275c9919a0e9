using Connectivity.Api.Commands;
using Connectivity.Tests.Infrastructure;

namespace Connectivity.Tests.Schema;

[Collection(ConsoleCaptureCollection.Name)]
public sealed class GenerateSchemaCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("generate-schema-").FullName;
    private readonly ConsoleCapture _console = new();

    private string SpecPath => Path.Combine(_folder, "connectivity.md");
    private string SchemaPath => Path.Combine(_folder, "connectivity.schema.json");

    [Fact]
    public void Generating_writes_the_committed_schema_and_says_so()
    {
        File.Copy(RepositoryFile.Path("spec/connectivity.md"), SpecPath);
        Assert.Equal(0, GenerateSchemaCommand.Run(SpecPath, SchemaPath));
        Assert.Equal(File.ReadAllText(RepositoryFile.Path("spec/connectivity.schema.json")), File.ReadAllText(SchemaPath));
        Assert.Contains($"Wrote {SchemaPath}", _console.Out);
    }

    [Fact]
    public void Generating_again_reports_the_schema_is_up_to_date()
    {
        File.Copy(RepositoryFile.Path("spec/connectivity.md"), SpecPath);
        GenerateSchemaCommand.Run(SpecPath, SchemaPath);
        Assert.Equal(0, GenerateSchemaCommand.Run(SpecPath, SchemaPath));
        Assert.Contains("already up to date", _console.Out);
    }

    [Fact]
    public void A_broken_row_prints_it_to_stderr_returns_1_and_writes_nothing()
    {
        File.WriteAllText(SpecPath, SpecNotationTests.Table("`account.trunks` |   | `strng()` |   | `false` |  "));
        Assert.Equal(1, GenerateSchemaCommand.Run(SpecPath, SchemaPath));
        Assert.Contains("`account.trunks`", _console.Error);
        Assert.Contains("strng()", _console.Error);
        Assert.False(File.Exists(SchemaPath));
    }

    [Fact]
    public void A_missing_spec_returns_1() =>
        Assert.Equal(1, GenerateSchemaCommand.Run(Path.Combine(_folder, "absent.md"), SchemaPath));

    public void Dispose()
    {
        _console.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
