using Microsoft.Extensions.Options;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// Deletes <c>Idempotency-Key</c> records past their retention, every <see cref="IdempotencyOptions.PurgeInterval"/>.
/// A record past its retention no longer counts whether or not it was purged yet; purging only keeps the table small.
/// </summary>
internal sealed class IdempotencyPurge(
    IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencyPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var purged = await scope.ServiceProvider.GetRequiredService<IdempotencyRecords>().PurgeAsync(stoppingToken);
                    if (purged > 0) logger.LogInformation("Purged {Count} expired Idempotency-Key records", purged);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database may be away; the next tick tries again.
                    logger.LogWarning("Purging expired Idempotency-Key records failed: {Reason}", e.GetBaseException().Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
