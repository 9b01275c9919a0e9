using System.Net;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Usage.UsageService;

namespace Connectivity.Tests.Usage;

public sealed class UsageParameterTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("", "from", "required")]
    [InlineData("from=2025-01-01", "to", "required")]
    [InlineData("to=2025-01-01", "from", "required")]
    [InlineData("from=2025-13-01&to=2025-12-01", "from", "invalid")]
    [InlineData("from=2025-1-1&to=2025-02-01", "from", "invalid")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2025-02-01", "from", "invalid")]
    [InlineData("from=2025-01-01&to=%002025-02-01", "to", "invalid")]
    [InlineData("from=2025-01-01&to=9999-12-31", "to", "invalid")]
    [InlineData("from=2025-01-01&to=2025-01-01", "to", "minimum")]
    [InlineData("from=2025-02-01&to=2025-01-01", "to", "minimum")]
    [InlineData("from=2025-01-01&to=2026-01-03", "to", "maximum")]
    [InlineData("as_of=yesterday", "as_of", "invalid")]
    [InlineData("as_of=2025-01-01T00:00:00%00Z", "as_of", "invalid")]
    [InlineData("as_of=2025-01-01T00:00:00Z&from=2025-01-01&to=2025-01-02", "as_of", "invalid")]
    public async Task Bad_report_parameters_are_a_400_naming_the_parameter(string query, string parameter, string keyword)
    {
        var account = ApiFixture.NewId();

        var report = await api.AccountClient(account).GetAsync(UsagePath(account, query));
        var export = await api.AdminClient().GetAsync($"/v2/connectivity/usage?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, report.Status);
        Assert.Equal("validation error", report.Message);
        Assert.NotNull(report.DataObject[parameter]?[keyword]);
        if (parameter != "as_of")
        {
            Assert.Equal(HttpStatusCode.BadRequest, export.Status);
            Assert.NotNull(export.DataObject[parameter]?[keyword]);
        }
    }

    [Fact]
    public async Task A_period_of_exactly_the_longest_span_is_answered_day_by_day()
    {
        var account = ApiFixture.NewId();

        var report = await api.AccountClient(account).GetAsync(UsagePath(account, "from=2024-01-01&to=2025-01-01"));

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(366, report.DataObject["days"]!.AsArray().Count);
        Assert.Equal([0L, 0, 0, 0, 0], Figures(report.DataObject["total"]));
    }

    [Fact]
    public async Task Usage_is_a_route_of_its_own_not_a_document_id()
    {
        var account = ApiFixture.NewId();
        var client = api.AccountClient(account);

        var report = await client.GetAsync(UsagePath(account, "from=2025-01-01&to=2025-01-02"));
        var write = await client.PostAsync($"/v2/accounts/{account}/connectivity/usage", TestDocuments.Trunk());

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.True((int)write.Status is >= 400 and < 500, write.ToString());
    }
}
