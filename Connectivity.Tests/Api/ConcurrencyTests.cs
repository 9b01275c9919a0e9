using System.Net;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>Revisions, conditional requests and racing writers: no acknowledged change is lost.</summary>
public sealed class ConcurrencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    [Fact]
    public async Task If_match_with_a_stale_revision_is_412_and_changes_nothing()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var path = Document(_account, created.Id);
        await Client.PatchAsync(path, new JsonObject { ["name"] = "first" });

        var stale = new Action<HttpRequestMessage>(r => r.Headers.TryAddWithoutValidation("If-Match", $"\"{created.Revision}\""));
        var patch = await Client.PatchAsync(path, new JsonObject { ["name"] = "second" }, stale);
        var post = await Client.PostAsync(path, new JsonObject { ["name"] = "third" }, stale);
        var delete = await Client.DeleteAsync(path, stale);

        Assert.All([patch, post, delete], r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.Status));
        Assert.Equal("first", (await Client.GetAsync(path)).DataObject["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task If_match_with_the_current_revision_succeeds_quoted_or_not()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var path = Document(_account, created.Id);

        var quoted = await Client.PatchAsync(path, new JsonObject { ["name"] = "a" },
            r => r.Headers.TryAddWithoutValidation("If-Match", $"\"{created.Revision}\""));
        var bare = await Client.PatchAsync(path, new JsonObject { ["name"] = "b" },
            r => r.Headers.TryAddWithoutValidation("If-Match", quoted.Revision!));

        Assert.Equal(HttpStatusCode.OK, quoted.Status);
        Assert.Equal(HttpStatusCode.OK, bare.Status);
        Assert.StartsWith("3-", bare.Revision);
    }

    [Fact]
    public async Task If_none_match_with_the_current_revision_is_304_and_a_stale_one_gets_the_document()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var path = Document(_account, created.Id);

        var current = await Client.GetAsync(path, r => r.Headers.TryAddWithoutValidation("If-None-Match", $"\"{created.Revision}\""));
        await Client.PatchAsync(path, new JsonObject { ["name"] = "changed" });
        var stale = await Client.GetAsync(path, r => r.Headers.TryAddWithoutValidation("If-None-Match", $"\"{created.Revision}\""));

        Assert.Equal(HttpStatusCode.NotModified, current.Status);
        Assert.Equal(HttpStatusCode.OK, stale.Status);
        Assert.Equal("changed", stale.DataObject["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Twenty_parallel_patches_without_if_match_each_adding_a_did_all_take_effect()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var path = Document(_account, created.Id);
        var numbers = Enumerable.Range(0, 20).Select(_ => TestDocuments.NewNumber()).ToArray();

        // DIDs_Unassigned is the PBX Connector's object of spare numbers: objects merge, so every patch adds one.
        var responses = await Task.WhenAll(numbers.Select(number => Client.PatchAsync(path,
            new JsonObject { ["DIDs_Unassigned"] = new JsonObject { [number] = new JsonObject { ["added_by"] = "billing" } } })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var stored = (await Client.GetAsync(path)).DataObject["DIDs_Unassigned"]!.AsObject();
        Assert.Equal(numbers.Order(), stored.Select(p => p.Key).Order());
        Assert.Equal("21-", (await Client.GetAsync(path)).Revision![..3]);
    }

    [Fact]
    public async Task Of_twenty_writers_racing_with_the_same_if_match_exactly_one_wins_and_the_rest_get_412()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var path = Document(_account, created.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Client.PatchAsync(path,
            new JsonObject { ["name"] = $"writer {i}" },
            r => r.Headers.TryAddWithoutValidation("If-Match", created.Revision!))));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(19, responses.Count(r => r.Status == HttpStatusCode.PreconditionFailed));
        var winner = responses.Single(r => r.Status == HttpStatusCode.OK);
        Assert.Equal(winner.DataObject["name"]!.GetValue<string>(), (await Client.GetAsync(path)).DataObject["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Twenty_clients_adding_server_dids_with_if_match_and_retry_on_412_lose_nothing()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk());
        var path = Document(_account, created.Id);
        var numbers = Enumerable.Range(0, 20).Select(_ => TestDocuments.NewNumber()).ToArray();

        await Task.WhenAll(numbers.Select(async number =>
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var current = await Client.GetAsync(path);
                var servers = current.DataObject["servers"]!.DeepClone().AsArray();
                servers[0]!["DIDs"]![number] = new JsonObject();
                var write = await Client.PatchAsync(path, new JsonObject { ["servers"] = servers },
                    r => r.Headers.TryAddWithoutValidation("If-Match", current.Revision!));
                if (write.Status == HttpStatusCode.OK) return;
                Assert.Equal(HttpStatusCode.PreconditionFailed, write.Status);
            }
            Assert.Fail($"{number} was never written");
        }));

        var dids = (await Client.GetAsync(path)).DataObject["servers"]![0]!["DIDs"]!.AsObject();
        Assert.Equal(numbers.Order(), dids.Select(p => p.Key).Order());
    }
}
