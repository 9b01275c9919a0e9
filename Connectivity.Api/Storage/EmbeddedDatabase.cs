namespace Connectivity.Api.Storage;

/// <summary>The Development default: a private PostgreSQL whose data survives restarts, stopped with the service.</summary>
public static class EmbeddedDatabase
{
    public static LocalPostgres Start(IHostEnvironment environment)
    {
        var dataDirectory = Path.Combine(DataDirectories.For(environment), "postgres");
        Console.WriteLine($"No ConnectionStrings:Connectivity set: starting a private PostgreSQL in {dataDirectory}");
        var server = LocalPostgres.LaunchAsync(LocalPostgresOptions.Persistent(dataDirectory)).GetAwaiter().GetResult();
        Console.WriteLine($"PostgreSQL {server.Version} listening on 127.0.0.1:{server.Port}");
        return server;
    }
}
