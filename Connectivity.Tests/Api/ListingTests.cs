using System.Net;
using Microsoft.AspNetCore.Hosting;
using System.Text.Json.Nodes;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

public sealed class ListingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    private async Task<string> CreateAsync(JsonObject document) => (await Client.PutAsync(Collection(_account), document)).Id;

    private static string[] Ids(KazooResponse response) => [.. response.Data!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact]
    public async Task A_listing_returns_ids_only_in_pages_joined_by_next_start_key()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++) created.Add(await CreateAsync(new JsonObject { ["name"] = $"doc {i}" }));

        var seen = new List<string>();
        string? startKey = null;
        var pages = 0;
        do
        {
            var page = await Client.GetAsync(Collection(_account) + "?page_size=3" + (startKey is null ? "" : "&start_key=" + startKey));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.All(page.Data!.AsArray(), n => Assert.Equal(System.Text.Json.JsonValueKind.String, n!.GetValueKind()));
            Assert.Equal(page.Data!.AsArray().Count, page.Body!["page_size"]!.GetValue<int>());
            if (startKey is not null) Assert.Equal(startKey, page.Body!["start_key"]!.GetValue<string>());
            seen.AddRange(Ids(page));
            startKey = page.Body!["next_start_key"]?.GetValue<string>();
            pages++;
        } while (startKey is not null);

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task The_default_page_is_fifty_and_paginate_false_returns_everything()
    {
        for (var i = 0; i < 55; i++) await CreateAsync(new JsonObject { ["name"] = "bulk" });

        var first = await Client.GetAsync(Collection(_account) + "?filter_name=bulk");
        var all = await Client.GetAsync(Collection(_account) + "?filter_name=bulk&paginate=false");

        Assert.Equal(50, Ids(first).Length);
        Assert.NotNull(first.Body!["next_start_key"]);
        Assert.Equal(55, Ids(all).Length);
        Assert.Null(all.Body!["next_start_key"]);
    }

    [Fact]
    public async Task Paginate_false_past_the_ceiling_is_400_telling_the_client_to_page_while_pages_and_narrower_filters_still_answer()
    {
        await using var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:MaxUnpaginatedDocuments", "3"));
        var client = new KazooClient(factory.CreateClient(), Connectivity.Api.Auth.TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
        for (var i = 0; i < 3; i++) await CreateAsync(new JsonObject { ["name"] = "ceiling" });
        var atCeiling = await client.GetAsync(Collection(_account) + "?paginate=false");
        await CreateAsync(new JsonObject { ["name"] = "past the ceiling" });

        var refused = await client.GetAsync(Collection(_account) + "?paginate=false");
        var filtered = await client.GetAsync(Collection(_account) + "?paginate=false&filter_name=ceiling");
        var paged = await client.GetAsync(Collection(_account) + "?page_size=3");

        Assert.Equal(3, Ids(atCeiling).Length);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("validation error", refused.Message);
        var maximum = refused.DataObject["paginate"]!["maximum"]!;
        Assert.Equal(3, maximum["target"]!.GetValue<int>());
        Assert.Contains("page_size and start_key", maximum["message"]!.GetValue<string>());
        Assert.Equal(3, Ids(filtered).Length);
        Assert.Equal(3, Ids(paged).Length);
        Assert.NotNull(paged.Body!["next_start_key"]);
    }

    [Fact]
    public async Task A_host_with_a_ceiling_below_one_does_not_start()
    {
        await using var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:MaxUnpaginatedDocuments", "0"));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MaxUnpaginatedDocuments", failure.ToString());
    }

    [Fact]
    public async Task Only_the_accounts_own_documents_are_listed()
    {
        var mine = await CreateAsync(new JsonObject { ["name"] = "mine" });
        var other = ApiFixture.NewId();
        var theirs = (await api.AccountClient(other).PutAsync(Collection(other), new JsonObject { ["name"] = "theirs" })).Id;

        var listed = Ids(await Client.GetAsync(Collection(_account) + "?paginate=false"));

        Assert.Contains(mine, listed);
        Assert.DoesNotContain(theirs, listed);
    }

    [Fact]
    public async Task Filters_select_by_value_absence_presence_and_emptiness()
    {
        var alpha = await CreateAsync(new JsonObject { ["name"] = "alpha", ["account"] = new JsonObject { ["trunks"] = 4 } });
        var beta = await CreateAsync(new JsonObject { ["name"] = "beta", ["account"] = new JsonObject { ["trunks"] = 8 }, ["billing_account_id"] = "" });
        var nameless = await CreateAsync(new JsonObject { ["billing_account_id"] = "b-1" });

        async Task<string[]> List(string query) => Ids(await Client.GetAsync(Collection(_account) + "?paginate=false&" + query));

        Assert.Equal([alpha], await List("filter_name=alpha"));
        Assert.Equal([alpha], await List("filter_account.trunks=4"));
        Assert.Equal(new[] { beta, nameless }.Order(), (await List("filter_not_name=alpha")).Order());
        Assert.Equal(new[] { alpha, beta }.Order(), (await List("has_key=name")).Order());
        Assert.Equal([nameless], await List("key_missing=name"));
        Assert.Equal([nameless], await List("has_value=billing_account_id"));
        Assert.Equal([beta], await List("has_key=billing_account_id&filter_account.trunks=8"));
        Assert.Empty(await List("filter_name=alpha&filter_account.trunks=8"));
    }

    [Fact]
    public async Task Created_and_modified_ranges_accept_gregorian_seconds_and_iso_dates()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var early = await CreateAsync(new JsonObject { ["name"] = "early" });
        var later = await CreateAsync(new JsonObject { ["name"] = "later" });
        await Client.PatchAsync(Document(_account, early), new JsonObject { ["name"] = "touched" });

        const long gregorianOffset = 62_167_219_200;
        var gregorian = before.ToUnixTimeSeconds() + gregorianOffset;
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("O");

        async Task<string[]> List(string query) =>
            Ids(await Client.GetAsync(Collection(_account) + "?paginate=false&" + query));

        Assert.Equal(new[] { early, later }.Order(), (await List($"created_from={gregorian}")).Order());
        Assert.Empty(await List("created_from=" + Uri.EscapeDataString(future)));
        Assert.Empty(await List("modified_to=" + Uri.EscapeDataString(before.AddHours(-1).ToString("O"))));
        Assert.Contains(early, await List($"modified_from={gregorian}"));
    }

    [Theory]
    [InlineData("page_size=0")]
    [InlineData("page_size=ten")]
    [InlineData("start_key=not-a-key")]
    [InlineData("created_from=yesterday")]
    public async Task Bad_listing_parameters_are_400_not_500(string query)
    {
        var response = await Client.GetAsync(Collection(_account) + "?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("error", response.Body!["status"]!.GetValue<string>());
    }
}
