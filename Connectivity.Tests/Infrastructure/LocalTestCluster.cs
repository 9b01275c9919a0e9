using Connectivity.LocalDatabase;

namespace Connectivity.Tests.Infrastructure;

/// <summary>
/// A throwaway <see cref="LocalPostgres"/> cluster in <c>{temp}/connectivity-tests/{run}/cluster</c>. The run holds
/// <c>{run}/owner.lock</c> while its process lives, so a later run that can take another run's lock knows that
/// process was killed before it could stop its server, and stops the server and removes the folder itself.
/// </summary>
internal sealed class LocalTestCluster : IAsyncDisposable
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "connectivity-tests");

    private readonly string _runDirectory;
    private readonly FileStream _ownerLock;

    private LocalTestCluster(string runDirectory, FileStream ownerLock, LocalPostgres server)
    {
        _runDirectory = runDirectory;
        _ownerLock = ownerLock;
        Server = server;
    }

    public LocalPostgres Server { get; }

    /// <param name="durable">
    /// Whether the cluster keeps what it acknowledged through a crash; a fast throwaway cluster does not
    /// (see <see cref="LocalPostgresOptions.Durable"/>).
    /// </param>
    public static async Task<LocalTestCluster> LaunchAsync(bool durable)
    {
        Directory.CreateDirectory(Root);
        await RemoveAbandonedRunsAsync();

        var runDirectory = Path.Combine(Root, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(runDirectory);
        var ownerLock = new FileStream(Path.Combine(runDirectory, "owner.lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var server = await LocalPostgres.LaunchAsync(new LocalPostgresOptions
            {
                DataDirectory = Path.Combine(runDirectory, "cluster"),
                Database = "postgres",
                Durable = durable,
                DeleteOnDispose = true,
            });
            return new LocalTestCluster(runDirectory, ownerLock, server);
        }
        catch
        {
            await ownerLock.DisposeAsync();
            Directory.Delete(runDirectory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            await _ownerLock.DisposeAsync();
            Directory.Delete(_runDirectory, recursive: true);
        }
    }

    private static async Task RemoveAbandonedRunsAsync()
    {
        foreach (var runDirectory in Directory.EnumerateDirectories(Root))
        {
            using var ownerLock = TakeAbandonedLock(runDirectory);
            if (ownerLock is null)
                continue;

            // Best effort: what an earlier run left behind must not fail this one.
            try
            {
                var cluster = Path.Combine(runDirectory, "cluster");
                if (Directory.Exists(cluster))
                    await LeftoverServer.StopAsync(cluster);
                Directory.Delete(runDirectory, recursive: true);
            }
            catch (Exception e) when (e is LocalPostgresException or IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Another run's lock, or null while its process lives (or the folder is not a run's).</summary>
    private static FileStream? TakeAbandonedLock(string runDirectory)
    {
        try
        {
            return new FileStream(Path.Combine(runDirectory, "owner.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
