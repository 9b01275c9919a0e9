using Connectivity.Api.Storage;
using Npgsql;

namespace Connectivity.Api.Changes;

/// <summary>
/// The process's one listener on the change log's channel: waiting feed requests share it instead of holding a
/// connection each. A notification only wakes them; they read the log, which is the truth, and poll it as well, so a
/// notification lost while the connection was down only delays them.
/// </summary>
public sealed class ChangeNotifications(LookupDatastore datastore, TimeProvider clock, ILogger<ChangeNotifications> logger) : BackgroundService
{
    /// <summary>The listener's connection, so operators can tell it apart in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "connectivity-change-feed";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private TaskCompletionSource _next = NewSignal();

    /// <summary>Completes at the next notification. Take it before reading the log, so a commit in between still wakes.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await datastore.OpenDedicatedAsync(ApplicationName, stoppingToken);
                connection.Notification += (_, _) => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeLog.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Change feed lost its notification connection: {Error}", e.Message);
                try
                {
                    await Task.Delay(RetryDelay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
