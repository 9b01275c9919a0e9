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
                options.ElementAtOrDefault(0) ?? Path.Combine("spec", "connectivity.md"),
                options.ElementAtOrDefault(1) ?? Path.Combine("spec", "connectivity.schema.json")),
        };
    }

    /// <summary>Configuration and environment as the service would see them, without starting it.</summary>
    public static WebApplicationBuilder ServiceConfiguration() => WebApplication.CreateBuilder();
}
