using Microsoft.EntityFrameworkCore;

namespace Connectivity.Api.Storage;

public static class ConnectivityDatabase
{
    public static DbContextOptions<ConnectivityDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<ConnectivityDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;

    /// <summary>Applies every pending migration to the database behind <paramref name="connectionString"/>.</summary>
    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var db = new ConnectivityDbContext(Options(connectionString));
        await db.Database.MigrateAsync(cancellationToken);
    }
}
