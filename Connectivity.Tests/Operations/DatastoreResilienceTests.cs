using System.Net.Sockets;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Connectivity.Tests.Operations;

public sealed class DatastoreResilienceTests : IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");

    private DatastoreResilience Resilience(int timeoutSeconds = 5) =>
        new(Options.Create(new DatastoreOptions { TimeoutSeconds = timeoutSeconds, BreakSeconds = 5 }), _dataSource);

    private static NpgsqlException Transient() => new("connection refused", new SocketException((int)SocketError.ConnectionRefused));

    [Fact]
    public async Task AReadThatFailsTransientlyIsTriedThreeTimesInAll()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<NpgsqlException>(() => Resilience().ReadAsync<int>(_ =>
        {
            attempts++;
            throw Transient();
        }, CancellationToken.None));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task AReadThatSucceedsOnRetryReturnsItsResult()
    {
        var attempts = 0;
        var result = await Resilience().ReadAsync(_ => ++attempts < 2 ? throw Transient() : Task.FromResult("row"), CancellationToken.None);
        Assert.Equal(("row", 2), (result, attempts));
    }

    [Fact]
    public async Task AWriteThatFailsTransientlyIsNeverTriedAgain()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<NpgsqlException>(() => Resilience().WriteAsync<int>(_ =>
        {
            attempts++;
            throw Transient();
        }, CancellationToken.None));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ClientErrorsAreNeitherRetriedNorCountedAsDatastoreFaults()
    {
        var resilience = Resilience();
        var attempts = 0;
        for (var i = 0; i < 20; i++)
            await Assert.ThrowsAsync<KazooException>(() => resilience.ReadAsync<int>(_ =>
            {
                attempts++;
                throw KazooException.Forbidden();
            }, CancellationToken.None));

        Assert.Equal(20, attempts);
        Assert.Equal(1, await resilience.ReadAsync(_ => Task.FromResult(1), CancellationToken.None));
    }

    [Fact]
    public async Task RepeatedDatastoreFaultsOpenTheCircuitSoLaterCallsFailAtOnceWithoutTouchingTheDatabase()
    {
        var resilience = Resilience();
        for (var i = 0; i < 5; i++)
            await Assert.ThrowsAsync<NpgsqlException>(() => resilience.WriteAsync<int>(_ => throw Transient(), CancellationToken.None));

        var called = false;
        var rejected = await Assert.ThrowsAsync<BrokenCircuitException>(() => resilience.ReadAsync(_ =>
        {
            called = true;
            return Task.FromResult(1);
        }, CancellationToken.None));
        Assert.False(called);
        Assert.True(DatastoreFaults.IsUnreachable(rejected));
    }

    [Fact]
    public async Task AnOperationPastTheTimeoutIsCancelledAndReportedAsDatastoreUnreachable()
    {
        var rejected = await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            Resilience(timeoutSeconds: 1).WriteAsync(async token =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
                return 1;
            }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(DatastoreFaults.IsUnreachable(rejected));
    }

    public void Dispose() => _dataSource.Dispose();
}
