using System.Net;
using System.Net.Http.Headers;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Api.KazooClient;
using static Connectivity.Tests.Usage.UsageService;

namespace Connectivity.Tests.Usage;

public sealed class UsageExportTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly SetClock _clock = new();

    /// <summary>
    /// Two accounts in June of <paramref name="year"/>, one year per test since the export covers every account: the first
    /// has 2 numbers and 3 trunks from June 10 noon until its document is deleted on June 11 at 06:00; the second 1 number
    /// and 5 trunks from June 11. Answers the export's rows, sorted as the export sorts them (by account, then day).
    /// </summary>
    private async Task<string[]> WriteTwoAccountsAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> service, int year)
    {
        var (deleted, kept) = (ApiFixture.NewId(), ApiFixture.NewId());
        _clock.Set($"{year}-06-10T12:00:00Z");
        var doc = (await service.Account(api, deleted).PutAsync(Collection(deleted),
            Trunk(TestDocuments.NewRealm(), 3, 0, 0, Server("pbx1", true, TestDocuments.NewNumber(), TestDocuments.NewNumber())))).Id;
        _clock.Set($"{year}-06-11T06:00:00Z");
        await service.Account(api, deleted).DeleteAsync(Document(deleted, doc));
        await service.Account(api, kept).PutAsync(Collection(kept),
            Trunk(TestDocuments.NewRealm(), 5, 0, 0, Server("pbx1", true, TestDocuments.NewNumber())));
        _clock.Set($"{year}-06-20T00:00:00Z");
        string[] rows =
        [
            $"{deleted},{year}-06-10,2,1,3,0,0", $"{deleted},{year}-06-11,2,1,3,0,0",
            $"{kept},{year}-06-11,1,1,5,0,0", $"{kept},{year}-06-12,1,1,5,0,0",
        ];
        return [.. rows.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task The_admin_export_as_csv_has_a_header_and_one_line_per_account_and_day_with_usage()
    {
        await using var service = UsageService.Start(api, _clock);
        var rows = await WriteTwoAccountsAsync(service, 2023);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/connectivity/usage?from=2023-06-09&to=2023-06-13");
        request.Headers.Add("X-Auth-Token", TokenIssuer.Issue(api.Auth, null, superDuperAdmin: true));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await service.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("attachment; filename=\"usage-2023-06-09-2023-06-13.csv\"", response.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal(["account_id,day,did_days,server_days,trunk_days,inbound_trunk_days,outbound_trunk_days", .. rows, ""], text.Split("\r\n"));
    }

    [Fact]
    public async Task The_admin_export_as_json_carries_the_same_rows_in_kazoos_envelope()
    {
        await using var service = UsageService.Start(api, _clock);
        var rows = await WriteTwoAccountsAsync(service, 2024);

        var export = await service.Admin(api).GetAsync("/v2/connectivity/usage?from=2024-06-09&to=2024-06-13");

        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Equal("application/json", export.Header("Content-Type"));
        Assert.Equal("success", export.Body!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(export.Body["request_id"]?.GetValue<string>()));
        Assert.Equal(rows, export.Data!.AsArray().Select(row => string.Join(',',
            row!["account_id"]!.GetValue<string>(), row["day"]!.GetValue<string>(), string.Join(',', Figures(row)))));
    }

    [Fact]
    public async Task The_export_of_a_period_without_usage_is_an_empty_list()
    {
        await using var service = UsageService.Start(api, _clock);

        var export = await service.Admin(api).GetAsync("/v2/connectivity/usage?from=1999-01-01&to=1999-02-01");

        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Empty(export.Data!.AsArray());
    }

    [Fact]
    public async Task An_account_token_cannot_read_the_admin_export_nor_another_accounts_usage()
    {
        var (account, other) = (ApiFixture.NewId(), ApiFixture.NewId());
        var client = api.AccountClient(account);

        var export = await client.GetAsync("/v2/connectivity/usage?from=2024-06-09&to=2024-06-13");
        var csv = await client.GetAsync("/v2/connectivity/usage?from=2024-06-09&to=2024-06-13", r => r.Headers.Add("Accept", "text/csv"));
        var lookupToken = await api.Client(TokenIssuer.Issue(api.Auth, account, superDuperAdmin: false, scope: KazooClaims.LookupScope))
            .GetAsync("/v2/connectivity/usage?from=2024-06-09&to=2024-06-13");
        var othersDays = await client.GetAsync(UsagePath(other, "from=2024-06-09&to=2024-06-13"));
        var othersSnapshot = await client.GetAsync(UsagePath(other, "as_of=2024-06-10T00:00:00Z"));
        var anonymous = await api.Client(null).GetAsync("/v2/connectivity/usage?from=2024-06-09&to=2024-06-13");

        Assert.Equal(HttpStatusCode.Forbidden, export.Status);
        Assert.Equal(HttpStatusCode.Forbidden, csv.Status);
        Assert.Equal(HttpStatusCode.Forbidden, lookupToken.Status);
        Assert.Equal(HttpStatusCode.Forbidden, othersDays.Status);
        Assert.Equal(HttpStatusCode.Forbidden, othersSnapshot.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("forbidden", export.Message);
    }
}
