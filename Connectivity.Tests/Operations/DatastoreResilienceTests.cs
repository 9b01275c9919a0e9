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
    public async Task A_read_that_fails_transiently_is_tried_three_times_in_all()
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
    public async Task A_read_that_succeeds_on_retry_returns_its_result()
    {
        var attempts = 0;
        var result = await Resilience().ReadAsync(_ => ++attempts < 2 ? throw Transient() : Task.FromResult("row"), CancellationToken.None);
        Assert.Equal(("row", 2), (result, attempts));
    }

    [Fact]
    public async Task A_write_that_fails_transiently_is_never_tried_again()
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
    public async Task Client_errors_are_neither_retried_nor_counted_as_datastore_faults()
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
    public async Task Repeated_datastore_faults_open_the_circuit_so_later_calls_fail_at_once_without_touching_the_database()
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
    public async Task An_operation_past_the_timeout_is_cancelled_and_reported_as_busy_not_as_an_outage()
    {
        var rejected = await Assert.ThrowsAsync<TimeoutRejectedException>(() =>
            Resilience(timeoutSeconds: 1).WriteAsync(async token =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), token);
                return 1;
            }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(DatastoreFault.Busy, DatastoreFaults.Classify(rejected));
    }

    [Fact]
    public async Task Requests_that_are_slow_on_their_own_never_open_the_circuit_for_everyone_else()
    {
        var resilience = Resilience();
        Exception[] ownTrouble =
        [
            new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", "57014"),
            new PostgresException("could not obtain lock", "ERROR", "ERROR", "55P03"),
            new PostgresException("deadlock detected", "ERROR", "ERROR", "40P01"),
            new NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 100) or 'Timeout'"),
            new TimeoutRejectedException(),
        ];
        for (var i = 0; i < 20; i++)
            await Assert.ThrowsAnyAsync<Exception>(() => resilience.WriteAsync<int>(_ => throw ownTrouble[i % ownTrouble.Length], CancellationToken.None));

        Assert.All(ownTrouble, e => Assert.Equal(DatastoreFault.Busy, DatastoreFaults.Classify(e)));
        Assert.Equal(1, await resilience.ReadAsync(_ => Task.FromResult(1), CancellationToken.None));
    }

    [Theory]
    [InlineData("57P01")]
    [InlineData("57P03")]
    [InlineData("53300")]
    [InlineData("08006")]
    public void A_server_that_shuts_down_refuses_or_drops_connections_counts_as_unreachable(string sqlState) =>
        Assert.Equal(DatastoreFault.Unreachable, DatastoreFaults.Classify(new PostgresException("down", "FATAL", "FATAL", sqlState)));

    public void Dispose() => _dataSource.Dispose();
}
