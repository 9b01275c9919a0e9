using Connectivity.Api.Storage;

namespace Connectivity.Api.Commands;

public static class MigrateCommand
{
    public static async Task<int> RunAsync()
    {
        var builder = CommandLine.ServiceConfiguration();
        await using var local = await builder.UseLocalDatabaseInDevelopmentAsync();
        var connectionString = builder.Configuration.GetConnectionString(DatabaseSetup.ConnectionStringName);
        if (string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync("ConnectionStrings:Connectivity (env ConnectionStrings__Connectivity) is not set.");
            return 2;
        }

        await ConnectivityDatabase.MigrateAsync(connectionString);
        Console.WriteLine("Database migrated.");
        return 0;
    }
}
