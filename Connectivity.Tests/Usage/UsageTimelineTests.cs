using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Npgsql;
using static Connectivity.Tests.Api.KazooClient;
using static Connectivity.Tests.Usage.UsageService;

namespace Connectivity.Tests.Usage;

public sealed class UsageTimelineTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly SetClock _clock = new();

    /// <summary>
    /// One account, four UTC days across a month boundary. Doc1 is created on Jan 30 with two servers (n1 n2 | n3), 4
    /// trunks and 2 inbound ones, then raised to 6 trunks; doc2 arrives on Jan 31 (n4, 2 trunks, 1 outbound); doc1 then
    /// drops n2 and disables its second server; on Feb 1 n1 moves from doc1 to doc2 in two writes an hour apart, and doc1
    /// is deleted late that day; Feb 2 has doc2 alone.
    /// </summary>
    private async Task<Timeline> WriteTimelineAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> service)
    {
        var account = ApiFixture.NewId();
        var client = service.Account(api, account);
        var realm = TestDocuments.NewRealm();
        var (n1, n2, n3, n4) = (TestDocuments.NewNumber(), TestDocuments.NewNumber(), TestDocuments.NewNumber(), TestDocuments.NewNumber());
        var revisions = new Dictionary<string, string>();

        async Task<KazooResponse> At(string instant, string name, Func<Task<KazooResponse>> write)
        {
            _clock.Set(instant);
            var response = await write();
            Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"{name}: {response}");
            revisions[name] = response.Revision!;
            return response;
        }

        var doc1 = (await At("2025-01-30T10:00:00Z", "doc1 created", () => client.PutAsync(Collection(account),
            Trunk(realm, 4, 2, 0, Server("pbx1", true, n1, n2), Server("pbx2", true, n3))))).Id;
        await At("2025-01-30T18:00:00Z", "doc1 six trunks", () => client.PatchAsync(Document(account, doc1),
            new JsonObject { ["account"] = new JsonObject { ["trunks"] = 6 } }));
        var doc2 = (await At("2025-01-31T09:00:00Z", "doc2 created", () => client.PutAsync(Collection(account),
            Trunk(realm, 2, 0, 1, Server("pbx3", true, n4))))).Id;
        await At("2025-01-31T12:00:00Z", "doc1 n2 dropped and pbx2 disabled", () => client.PostAsync(Document(account, doc1),
            Trunk(realm, 6, 2, 0, Server("pbx1", true, n1), Server("pbx2", false, n3))));
        await At("2025-02-01T08:00:00Z", "n1 leaves doc1", () => client.PostAsync(Document(account, doc1),
            Trunk(realm, 6, 2, 0, Server("pbx1", true), Server("pbx2", false, n3))));
        await At("2025-02-01T09:00:00Z", "n1 joins doc2", () => client.PostAsync(Document(account, doc2),
            Trunk(realm, 2, 0, 1, Server("pbx3", true, n4, n1))));
        await At("2025-02-01T23:00:00Z", "doc1 deleted", () => client.DeleteAsync(Document(account, doc1)));
        _clock.Set("2025-02-05T12:00:00Z");
        return new Timeline(account, client, doc1, doc2, revisions);
    }

    private sealed record Timeline(string Account, KazooClient Client, string Doc1, string Doc2, Dictionary<string, string> Revisions);

    [Theory]
    [InlineData("true")]
    [InlineData("false")] // behind a pooler that keeps no prepared statements: the same statements, unprepared
    public async Task The_usage_report_counts_each_day_from_what_was_live_at_any_moment_of_it_deleted_documents_included(string prepareStatements)
    {
        await using var service = UsageService.Start(api, _clock, ("Connectivity:Datastore:PrepareStatements", prepareStatements));
        var timeline = await WriteTimelineAsync(service);

        var report = await timeline.Client.GetAsync(UsagePath(timeline.Account, "from=2025-01-29&to=2025-02-04"));

        Assert.Equal(HttpStatusCode.OK, report.Status);
        var days = report.DataObject["days"]!.AsArray();
        Assert.Equal(["2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03"], days.Select(d => d!["day"]!.GetValue<string>()));
        //                    DIDs servers trunks inbound outbound
        Assert.Equal([0L, 0, 0, 0, 0], Figures(days[0]));  // nothing yet
        Assert.Equal([3L, 2, 6, 2, 0], Figures(days[1]));  // n1 n2 n3; pbx1 pbx2; the day's highest of 4 and 6
        Assert.Equal([4L, 3, 8, 2, 1], Figures(days[2]));  // n2 until noon, then n1 n3 n4; pbx2 until noon; 6 + 2
        Assert.Equal([3L, 2, 8, 2, 1], Figures(days[3]));  // n1 (moved: one DID) n3 n4; pbx1 pbx3; doc1 until 23:00
        Assert.Equal([2L, 1, 2, 0, 1], Figures(days[4]));  // doc2 alone: n4 n1, pbx3
        Assert.Equal([2L, 1, 2, 0, 1], Figures(days[5]));
        Assert.Equal([14L, 9, 26, 6, 4], Figures(report.DataObject["total"]));
        Assert.Equal("2025-01-29", report.DataObject["from"]!.GetValue<string>());
        Assert.Equal("2025-02-04", report.DataObject["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task Days_after_now_count_nothing_and_today_counts_what_was_live_so_far()
    {
        await using var service = UsageService.Start(api, _clock);
        var account = ApiFixture.NewId();
        var client = service.Account(api, account);
        _clock.Set("2025-05-10T10:00:00Z");
        await client.PutAsync(Collection(account), Trunk(TestDocuments.NewRealm(), 3, 0, 0, Server("pbx1", true, TestDocuments.NewNumber())));
        _clock.Set("2025-05-11T06:00:00Z");

        var report = await client.GetAsync(UsagePath(account, "from=2025-05-10&to=2025-05-13"));

        Assert.Equal([[1L, 1, 3, 0, 0], [1L, 1, 3, 0, 0], [0L, 0, 0, 0, 0]], report.DataObject["days"]!.AsArray().Select(Figures));
    }

    [Theory]
    [InlineData("2025-01-30T09:59:59Z", 0, 0, 0, 0, 0, "")]
    [InlineData("2025-01-30T10:00:00Z", 3, 2, 4, 2, 0, "doc1 created")]
    [InlineData("2025-01-30T18:30:00Z", 3, 2, 6, 2, 0, "doc1 six trunks")]
    [InlineData("2025-01-31T11:59:59Z", 4, 3, 8, 2, 1, "doc1 six trunks,doc2 created")]
    [InlineData("2025-01-31T12:00:00Z", 3, 2, 8, 2, 1, "doc1 n2 dropped and pbx2 disabled,doc2 created")]
    [InlineData("2025-02-01T08:30:00Z", 2, 2, 8, 2, 1, "n1 leaves doc1,doc2 created")]
    [InlineData("2025-02-01T22:59:59Z", 3, 2, 8, 2, 1, "n1 leaves doc1,n1 joins doc2")]
    [InlineData("2025-02-02T00:00:00Z", 2, 1, 2, 0, 1, "n1 joins doc2")]
    public async Task As_of_an_instant_answers_the_counts_and_the_documents_with_their_revisions_as_they_stood(
        string asOf, long dids, long servers, long trunks, long inbound, long outbound, string documentRevisions)
    {
        await using var service = UsageService.Start(api, _clock);
        var timeline = await WriteTimelineAsync(service);

        var snapshot = (await timeline.Client.GetAsync(UsagePath(timeline.Account, $"as_of={Uri.EscapeDataString(asOf)}"))).DataObject;

        Assert.Equal(asOf, snapshot["as_of"]!.GetValue<string>());
        Assert.Equal([dids, servers, trunks, inbound, outbound],
            new[] { "dids", "servers", "trunks", "inbound_trunks", "outbound_trunks" }.Select(k => snapshot[k]!.GetValue<long>()));
        var expected = documentRevisions.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => (Id: name.StartsWith("doc2", StringComparison.Ordinal) || name.Contains("joins", StringComparison.Ordinal) ? timeline.Doc2 : timeline.Doc1,
                Revision: timeline.Revisions[name]))
            .OrderBy(d => d.Id, StringComparer.Ordinal);
        Assert.Equal(expected, snapshot["documents"]!.AsArray().Select(d => (d!["id"]!.GetValue<string>(), d["revision"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Usage_stays_right_after_the_revisions_that_recorded_it_are_pruned()
    {
        await using var service = UsageService.Start(api, _clock, ("Connectivity:Quotas:RevisionsPerDocument", "3"));
        var account = ApiFixture.NewId();
        var client = service.Account(api, account);
        var realm = TestDocuments.NewRealm();
        var (n1, n2) = (TestDocuments.NewNumber(), TestDocuments.NewNumber());
        _clock.Set("2025-03-01T10:00:00Z");
        var id = (await client.PutAsync(Collection(account), Trunk(realm, 5, 0, 0, Server("pbx1", true, n1, n2)))).Id;
        _clock.Set("2025-03-02T10:00:00Z");
        await client.PostAsync(Document(account, id), Trunk(realm, 2, 0, 0, Server("pbx1", true, n1)));
        for (var i = 0; i < 10; i++)
        {
            _clock.Set($"2025-03-03T1{i}:00:00Z");
            Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(Document(account, id), new JsonObject { ["name"] = $"change {i}" })).Status);
        }
        _clock.Set("2025-03-05T00:00:00Z");

        var history = await client.GetAsync(Document(account, id) + "/revisions");
        var report = await client.GetAsync(UsagePath(account, "from=2025-03-01&to=2025-03-05"));

        Assert.Equal(["12", "11", "10"], history.Data!.AsArray().Select(e => e!["revision"]!.GetValue<string>().Split('-')[0]));
        Assert.Equal([[2L, 1, 5, 0, 0], [2L, 1, 5, 0, 0], [1L, 1, 2, 0, 0], [1L, 1, 2, 0, 0]], report.DataObject["days"]!.AsArray().Select(Figures));
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("2.9", 2)]
    [InlineData("\"7\"", 0)]
    [InlineData("0", 0)]
    [InlineData("-3", 0)]
    [InlineData("1e12", int.MaxValue)]
    [InlineData("{\"count\": 5}", 0)]
    public async Task Trunk_counts_the_schema_leaves_open_count_only_as_whole_numbers_of_at_least_one(string inboundTrunks, long counted)
    {
        await using var service = UsageService.Start(api, _clock);
        var account = ApiFixture.NewId();
        var client = service.Account(api, account);
        var document = Trunk(TestDocuments.NewRealm(), 1, 0, 0, Server("pbx1", true));
        document["account"]!["inbound_trunks"] = JsonNode.Parse(inboundTrunks);
        _clock.Set("2025-06-01T10:00:00Z");

        var created = await client.PutAsync(Collection(account), document);
        var snapshot = await client.GetAsync(UsagePath(account, "as_of=2025-06-01T10:00:00Z"));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(counted, snapshot.DataObject["inbound_trunks"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_write_that_leaves_the_numbers_as_they_were_writes_no_usage_rows_for_them()
    {
        await using var service = UsageService.Start(api, _clock);
        var account = ApiFixture.NewId();
        var client = service.Account(api, account);
        var numbers = Enumerable.Range(0, 500).Select(_ => TestDocuments.NewNumber()).ToArray();
        _clock.Set("2025-04-01T10:00:00Z");
        var id = (await client.PutAsync(Collection(account), Trunk(TestDocuments.NewRealm(), 1, 0, 0, Server("pbx1", true, numbers)))).Id;
        var before = await RowsAsync(id);

        _clock.Set("2025-04-02T10:00:00Z");
        await client.PatchAsync(Document(account, id), new JsonObject { ["name"] = "renamed" });
        var after = await RowsAsync(id);

        Assert.Equal(1 + 1 + 1 + 1, before);  // the set of numbers, the server, the trunks, the revision
        Assert.Equal(before + 1, after);      // the next revision only

        _clock.Set("2025-04-03T10:00:00Z");
        await client.PatchAsync(Document(account, id), new JsonObject
        {
            ["servers"] = new JsonArray(Server("pbx1", true, [.. numbers, TestDocuments.NewNumber()])),
        });
        Assert.Equal(after + 2, await RowsAsync(id));  // the new set of 501 numbers, the next revision
    }

    private async Task<long> RowsAsync(string documentId) =>
        (long)(await Sql.ScalarAsync(api.ConnectionString, "SELECT count(*) FROM connectivity_usage WHERE document_id = $1",
            new NpgsqlParameter { Value = documentId }))!;
}
