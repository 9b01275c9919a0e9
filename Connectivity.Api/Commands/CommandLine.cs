namespace Connectivity.Api.Commands;

/// <summary>
/// The verbs the binary answers besides serving: <c>migrate</c> (apply migrations and exit, for a Kubernetes Job),
/// <c>token</c> (print a token signed with the configured key) and <c>generate-schema</c> (spec table to JSON Schema).
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "migrate" or "token" or "generate-schema";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Skip(1).ToArray();
        return args[0] switch
        {
            "migrate" => await MigrateCommand.RunAsync(),
            "token" => TokenCommand.Run(options),
            _ => GenerateSchemaCommand.Run(
                options.ElementAtOrDefault(0) ?? FromRepositoryRoot(GenerateSchemaCommand.DefaultSpecPath),
                options.ElementAtOrDefault(1) ?? FromRepositoryRoot(GenerateSchemaCommand.DefaultSchemaPath)),
        };
    }

    /// <summary>`dotnet run` starts in the project folder, so default paths are found from the repository root upwards.</summary>
    private static string FromRepositoryRoot(string relativePath) =>
        RepositoryRoot.Above(Directory.GetCurrentDirectory()) is { } root ? Path.Combine(root, relativePath) : relativePath;

    /// <summary>Configuration and environment as the service would see them, without starting it.</summary>
    public static WebApplicationBuilder ServiceConfiguration() => WebApplication.CreateBuilder();
}
