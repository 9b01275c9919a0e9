using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Connectivity.Tests.Lookups;
using Microsoft.AspNetCore.Hosting;

namespace Connectivity.Tests.Tenancy;

/// <summary>Runs alone: its load would slow whatever else ran beside it past that test's own timeouts.</summary>
[CollectionDefinition(nameof(HeavyTenantTests), DisableParallelization = true)]
public sealed class HeavyTenantCollection;

[Collection(nameof(HeavyTenantTests))]
public sealed class HeavyTenantTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int LargeWrites = 10;
    private const int DidsPerWrite = 10_000;

    [Fact]
    public async Task Another_accounts_reads_and_the_call_time_lookups_get_no_503_while_one_account_writes_ten_large_documents()
    {
        // A short datastore timeout makes the large writes likely to run past it, which must not open anyone's breaker.
        await using var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:Datastore:TimeoutSeconds", "2"));
        KazooClient ClientOf(string token) => new(factory.CreateClient(), token);

        var bystander = ApiFixture.NewId();
        var bystanderClient = ClientOf(TokenIssuer.Issue(api.Auth, bystander, superDuperAdmin: false));
        var router = ClientOf(TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: KazooClaims.LookupScope));
        var number = TestDocuments.NewNumber();
        var bystanderDocument = await api.AccountClient(bystander).PutAsync(KazooClient.Collection(bystander), TestDocuments.Trunk(number));
        Assert.Equal(HttpStatusCode.Created, bystanderDocument.Status);
        // A cold host's first queries (model building, first connections) may take longer than its 2 s timeout.
        for (var attempt = 1; (await bystanderClient.GetAsync(KazooClient.Document(bystander, bystanderDocument.Id))).Status != HttpStatusCode.OK
            || (await router.GetAsync(LookupTesting.Did(number))).Status != HttpStatusCode.OK; attempt++)
            Assert.True(attempt < 20, "The service never answered within its 2 s timeout while idle.");

        var heavy = ApiFixture.NewId();
        var heavyClient = ClientOf(TokenIssuer.Issue(api.Auth, heavy, superDuperAdmin: false));
        var writes = Enumerable.Range(0, LargeWrites)
            .Select(_ => heavyClient.PutAsync(KazooClient.Collection(heavy), LargeTrunk()))
            .ToList();

        var bystanderAnswers = new ConcurrentBag<(string What, HttpStatusCode Status, string? Message)>();
        var allWritten = Task.WhenAll(writes);
        while (!allWritten.IsCompleted)
        {
            var read = bystanderClient.GetAsync(KazooClient.Document(bystander, bystanderDocument.Id));
            var listed = bystanderClient.GetAsync(KazooClient.Collection(bystander));
            var looked = router.GetAsync(LookupTesting.Did(number));
            foreach (var (what, answer) in new[] { ("read", await read), ("list", await listed), ("lookup", await looked) })
                bystanderAnswers.Add((what, answer.Status, answer.Message));
        }

        var heavyAnswers = await allWritten;
        Assert.NotEmpty(bystanderAnswers);
        Assert.All(bystanderAnswers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        // The heavy account's own writes either land or fail alone with the request's own 503, never a 5xx of another kind.
        Assert.All(heavyAnswers, written => Assert.True(
            written.Status == HttpStatusCode.Created
            || (written.Status == HttpStatusCode.ServiceUnavailable && written.Message == "datastore_timeout")
            || written.Status == HttpStatusCode.TooManyRequests,
            $"A large write answered {(int)written.Status} {written.Message}"));
    }

    private static JsonObject LargeTrunk()
    {
        var numbers = new string[DidsPerWrite];
        for (var i = 0; i < numbers.Length; i++) numbers[i] = TestDocuments.NewNumber();
        return TestDocuments.Trunk(numbers);
    }
}
