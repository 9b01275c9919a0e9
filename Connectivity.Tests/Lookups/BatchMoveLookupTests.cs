using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Hosting;
using Connectivity.Api.Lookups;
using Connectivity.Tests.Api;
using Connectivity.Tests.Operations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Lookups;

/// <summary>
/// Numbers moved back and forth between two documents by batches on replica A, while call routers ask replica A and a
/// second replica B (whose in-process index follows the change log) about them.
/// </summary>
public sealed class BatchMoveLookupTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private readonly string _account = ApiFixture.NewId();
    private WebApplicationFactory<Program> _replica = null!;

    public async Task InitializeAsync()
    {
        _replica = api.Factory.WithWebHostBuilder(_ => { });
        Assert.Equal(HttpStatusCode.OK, (await ProbeTests.ProbeAsync(_replica, Probes.StartupPath)).Status);
    }

    public async Task DisposeAsync() => await _replica.DisposeAsync();

    [Fact]
    public async Task Lookups_on_either_replica_never_find_a_moving_number_unrouted_or_elsewhere_while_batches_move_it_back_and_forth()
    {
        var owner = api.AccountClient(_account);
        var (moving, alsoMoving) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        var (leftNumber, rightNumber) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        var leftDocument = TestDocuments.Trunk(leftNumber, moving, alsoMoving);
        var rightDocument = TestDocuments.Trunk(rightNumber);
        var left = await owner.PutAsync(Collection(_account), leftDocument);
        var right = await owner.PutAsync(Collection(_account), rightDocument);
        var holders = new HashSet<string> { left.Id, right.Id };
        var cacheOfB = _replica.Services.GetRequiredService<LookupCache>();

        var wrong = new ConcurrentQueue<string>();
        var (answered, vouchedOnB) = (0, 0);
        using var stop = new CancellationTokenSource();
        async Task AskAsync(KazooClient router)
        {
            while (!stop.IsCancellationRequested)
                foreach (var number in (string[])[moving, alsoMoving])
                {
                    var answer = await router.GetAsync(LookupTesting.Did(number));
                    Interlocked.Increment(ref answered);
                    if (answer.Status != HttpStatusCode.OK || !holders.Contains(answer.Data!["connectivity_id"]!.GetValue<string>()))
                        wrong.Enqueue($"{number}: {answer}");
                }
        }
        void ProbeIndexOfB()
        {
            while (!stop.IsCancellationRequested)
                foreach (var number in (string[])[moving, alsoMoving])
                    if (cacheOfB.TryFindDid(number, out var hit))
                    {
                        Interlocked.Increment(ref vouchedOnB);
                        if (hit is null || !holders.Contains(hit.DocumentId)) wrong.Enqueue($"{number}: replica B's index answers {hit?.DocumentId ?? "nothing"}");
                    }
        }
        var routers = new[]
        {
            AskAsync(new KazooClient(_replica.CreateClient(), LookupTesting.LookupToken(api))),
            AskAsync(new KazooClient(_replica.CreateClient(), LookupTesting.LookupToken(api))),
            AskAsync(api.LookupClient()),
            Task.Run(ProbeIndexOfB),
        };

        for (var round = 0; round < 20; round++)
        {
            var toRight = round % 2 == 0;
            var moved = await owner.PostAsync(BatchTests.Batch(_account), new JsonArray(
                BatchTests.Item("replace", left.Id, toRight ? BatchTests.Routing(leftDocument, leftNumber) : BatchTests.Routing(leftDocument, leftNumber, moving, alsoMoving)),
                BatchTests.Item("replace", right.Id, toRight ? BatchTests.Routing(rightDocument, rightNumber, moving, alsoMoving) : BatchTests.Routing(rightDocument, rightNumber))));
            Assert.Equal(HttpStatusCode.OK, moved.Status);

            // The replica that acknowledged the batch answers with it at once.
            var now = await api.LookupClient().GetAsync(LookupTesting.Did(moving));
            Assert.Equal(toRight ? right.Id : left.Id, now.Data!["connectivity_id"]!.GetValue<string>());
            await Task.Delay(20);
        }
        await stop.CancelAsync();
        await Task.WhenAll(routers);

        Assert.Empty(wrong);
        Assert.True(answered > 40, $"Only {answered} lookups were answered during the moves");
        Assert.True(vouchedOnB > 0, "Replica B's index never answered during the moves");
    }
}
