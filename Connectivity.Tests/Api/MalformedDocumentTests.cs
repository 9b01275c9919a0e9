using System.Net;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>
/// Documents broken in random places, sent over HTTP: every answer is a success or a client error, never a 500,
/// and a refused write leaves nothing behind.
/// </summary>
public sealed class MalformedDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Seed = 20261127;
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    private static readonly Func<JsonNode?>[] Replacements =
    [
        () => null, () => "", () => "x", () => "0", () => "true", () => "4158867900", () => "::ffff:10.0.0.1",
        () => "sip:", () => -1, () => 0, () => 70000, () => 1.5, () => 1e300, () => true, () => new JsonArray(),
        () => new JsonArray(1, "a"), () => new JsonObject(), () => new JsonObject { ["+"] = new JsonObject() },
        () => new string('n', 300),
    ];

    [Fact]
    public async Task Randomly_broken_documents_get_201_400_403_or_409_and_refused_ones_store_nothing()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 150; i++)
        {
            var document = Mutated(TestDocuments.Trunk(TestDocuments.NewNumber(), TestDocuments.NewNumber()), random);
            var marker = $"fuzz-{i}";
            document["billing_account_id"] = marker;

            var response = await Client.PutAsync(Collection(_account), document);

            Assert.True(response.Status is HttpStatusCode.Created or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Conflict,
                $"{response} for {document.ToJsonString()}");
            var stored = await Client.GetAsync(Collection(_account) + "?paginate=false&filter_billing_account_id=" + marker);
            Assert.Equal(response.Status == HttpStatusCode.Created ? 1 : 0, stored.Data!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Randomly_broken_patches_get_200_400_403_or_409_and_refused_ones_change_nothing()
    {
        var random = new Random(Seed + 1);
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        var path = Document(_account, created.Id);
        for (var i = 0; i < 150; i++)
        {
            var before = await Client.GetAsync(path);
            var patch = Mutated((JsonObject)before.DataObject.DeepClone(), random);

            var response = await Client.PatchAsync(path, patch);

            Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.Conflict,
                $"{response} for {patch.ToJsonString()}");
            if (response.Status != HttpStatusCode.OK)
                Assert.Equal(before.Revision, (await Client.GetAsync(path)).Revision);
        }
    }

    /// <summary>Replaces one to three random nodes of the document with values of the wrong shape.</summary>
    private static JsonObject Mutated(JsonObject document, Random random)
    {
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var nodes = Descendants(document).ToList();
            var (parent, key, index) = nodes[random.Next(nodes.Count)];
            var replacement = Replacements[random.Next(Replacements.Length)]();
            if (parent is JsonObject o) o[key!] = replacement;
            else if (parent is JsonArray a) a[index] = replacement;
        }
        return document;
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Descendants(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "billing_account_id") continue;
                    yield return (o, key, -1);
                    if (value is not null) foreach (var d in Descendants(value)) yield return d;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, null, i);
                    if (a[i] is { } item) foreach (var d in Descendants(item)) yield return d;
                }
                break;
        }
    }
}
