using Connectivity.Domain.Spec;

namespace Connectivity.Api.Commands;

/// <summary><c>generate-schema [spec] [schema]</c>: regenerates the committed JSON Schema from the spec table.</summary>
public static class GenerateSchemaCommand
{
    public const string DefaultSpecPath = "spec/connectivity.md";
    public const string DefaultSchemaPath = "spec/connectivity.schema.json";

    public static int Run(string specPath, string schemaPath)
    {
        string schemaText;
        try
        {
            schemaText = SchemaGenerator.GenerateText(File.ReadAllText(specPath));
        }
        catch (SpecFormatException problem)
        {
            Console.Error.WriteLine(problem.Message);
            return 1;
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot read {specPath}: {problem.Message}");
            return 1;
        }

        var unchanged = File.Exists(schemaPath) && File.ReadAllText(schemaPath) == schemaText;
        try
        {
            if (!unchanged) File.WriteAllText(schemaPath, schemaText);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot write {schemaPath}: {problem.Message}");
            return 1;
        }
        Console.WriteLine(unchanged ? $"{schemaPath} is already up to date with {specPath}." : $"Wrote {schemaPath} from {specPath}.");
        return 0;
    }
}
