using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Kazoo;
using Microsoft.AspNetCore.Hosting;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

/// <summary>
/// Values no document may hold — text PostgreSQL cannot store, numbers it would print enormous, strings and documents
/// past their limits — are refused with a 400 naming the path, and the refused write leaves nothing behind.
/// </summary>
public sealed class HostileValueTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Client => api.AccountClient(_account);

    /// <summary>Sends <paramref name="data"/> (JSON text) in the envelope; asserts a 400 validation error and that nothing was stored.</summary>
    private async Task<JsonObject> RefusedAsync(string data)
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), $$"""{"data": {{data}}}""");
        return await AssertRefusedAsync(response);
    }

    private async Task<JsonObject> AssertRefusedAsync(KazooResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("validation error", response.Message);
        Assert.Empty((await Client.GetAsync(Collection(_account) + "?paginate=false")).Data!.AsArray());
        return response.DataObject;
    }

    private static string Keyword(JsonObject errors, string path) =>
        Assert.Single((errors[path] as JsonObject ?? throw new Xunit.Sdk.XunitException($"no error at {path}: {errors.ToJsonString()}"))).Key;

    [Fact]
    public async Task A_number_bomb_of_1e100000_is_refused_and_nothing_is_stored()
    {
        var bomb = string.Join(", ", Enumerable.Repeat("1e100000", 400));

        var errors = await RefusedAsync($$"""{"name": "b", "x": [{{bomb}}]}""");

        Assert.Equal("maximum", Keyword(errors, "x.0"));
        Assert.Equal("maximum", Keyword(errors, "x.399"));
    }

    [Theory]
    [InlineData("1e100000", "maximum")]
    [InlineData("-1e309", "maximum")]
    [InlineData("1e-100000", "minimum")]
    [InlineData("0.1e-400", "minimum")]
    [InlineData("1e300", "maxLength")]
    [InlineData("1e-60", "maxLength")]
    [InlineData("123456789012345678901234567890123456789012345", "maxLength")]
    public async Task A_number_that_would_read_back_huge_or_as_zero_is_refused_at_its_path(string number, string keyword)
    {
        var errors = await RefusedAsync($$$"""{"name": "n", "account": {"credits": {{{number}}}}}""");

        Assert.Equal(keyword, Keyword(errors, "account.credits"));
    }

    [Theory]
    [InlineData("1e39", "1000000000000000000000000000000000000000")]
    [InlineData("1.5e-37", "0.00000000000000000000000000000000000015")]
    [InlineData("-12.50e1", "-125.0")]
    [InlineData("0e-38", "0.00000000000000000000000000000000000000")]
    public async Task A_number_at_the_limit_reads_back_as_postgresql_writes_it_in_full(string number, string written)
    {
        Assert.Equal(written.Length, Connectivity.Domain.Documents.ValueLimits.PlainLength(number));
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"data": {"account": {"credits": """ + number + "}}}");
        Assert.Equal(HttpStatusCode.Created, response.Status);

        var stored = await Client.GetAsync(Document(_account, response.Id));

        Assert.Equal(written, stored.DataObject["account"]!["credits"]!.ToJsonString());
    }

    [Theory]
    [InlineData("1e40")]
    [InlineData("1.5e-38")]
    [InlineData("0e-39")]
    public async Task A_number_one_character_past_the_limit_is_refused(string number)
    {
        var errors = await RefusedAsync("""{"account": {"credits": """ + number + "}}");

        Assert.Equal("maxLength", Keyword(errors, "account.credits"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.0")]
    [InlineData("1.5e3")]
    [InlineData("12345678901234567890")]
    [InlineData("0.000001")]
    [InlineData("1.7976931348623157e20")]
    public async Task Ordinary_numbers_are_stored_and_read_back_as_numbers(string number)
    {
        var response = await Client.SendRawAsync(HttpMethod.Put, Collection(_account), """{"data": {"account": {"credits": """ + number + "}}}");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var stored = await Client.GetAsync(Document(_account, response.Id));
        Assert.Equal(double.Parse(number, System.Globalization.CultureInfo.InvariantCulture),
            stored.DataObject["account"]!["credits"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("""{"name": "a\u0000b"}""", "name")]
    [InlineData("""{"notes": {"x\u0000": 1}}""", "notes.x\u0000")]
    [InlineData("""{"servers": [{"auth": {"auth_user": "\u0000"}}]}""", "servers.0.auth.auth_user")]
    [InlineData("""{"name": "\ud800"}""", "name")]
    [InlineData("""{"name": "\udc00\ud800"}""", "name")]
    [InlineData("""{"notes": ["ok", "\ud83d"]}""", "notes.1")]
    [InlineData("""{"notes": {"\ud800": 1}}""", @"notes.\ud800")]
    public async Task Nul_and_lone_surrogates_in_values_or_keys_are_refused_at_their_path(string data, string path)
    {
        var errors = await RefusedAsync(data);

        Assert.Equal("format", Keyword(errors, path));
    }

    [Fact]
    public async Task Invalid_utf8_bytes_inside_a_string_are_refused_at_their_path()
    {
        var body = Encoding.UTF8.GetBytes("""{"data": {"name": "ok", "notes": "bad:XX"}}""");
        var bad = Array.IndexOf(body, (byte)'X');
        (body[bad], body[bad + 1]) = (0xC3, 0x28);
        using var request = new HttpRequestMessage(HttpMethod.Put, Collection(_account)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(KazooAuthToken.Header, TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));

        using var response = await Client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsObject();
        Assert.Equal("format", Keyword(errors, "notes"));
        Assert.Empty((await Client.GetAsync(Collection(_account) + "?paginate=false")).Data!.AsArray());
    }

    [Fact]
    public async Task A_body_id_with_a_trailing_newline_is_refused()
    {
        var errors = await RefusedAsync($$"""{"id": "{{ApiFixture.NewId()}}\n", "name": "x"}""");

        Assert.Equal("pattern", Keyword(errors, "id"));
    }

    [Theory]
    [InlineData("name", 256)]
    [InlineData("servers.0.name", 256)]
    [InlineData("servers.0.auth.auth_user", 128)]
    [InlineData("servers.0.auth.auth_password", 128)]
    public async Task Names_users_and_passwords_longer_than_their_meaning_allows_are_refused(string path, int limit)
    {
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        var segments = path.Split('.');
        JsonNode parent = document;
        foreach (var segment in segments[..^1]) parent = int.TryParse(segment, out var i) ? parent[i]! : parent[segment]!;
        parent[segments[^1]] = new string('a', limit);
        var fits = await Client.PutAsync(Collection(_account), document);
        Assert.True(fits.Status == HttpStatusCode.Created, fits.ToString());
        await Client.DeleteAsync(Document(_account, fits.Id));

        parent[segments[^1]] = new string('a', limit + 1);
        var errors = await AssertRefusedAsync(await Client.PutAsync(Collection(_account), document));

        Assert.Equal("maxLength", Keyword(errors, path));
    }

    [Fact]
    public async Task A_6kb_realm_and_user_are_refused()
    {
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        document["account"]!["auth_realm"] = string.Join(".", Enumerable.Repeat(new string('r', 60), 100)) + ".example.com";
        document["servers"]![0]!["auth"]!["auth_user"] = new string('u', 6000);

        var errors = await AssertRefusedAsync(await Client.PutAsync(Collection(_account), document));

        Assert.Equal("maxLength", Keyword(errors, "account.auth_realm"));
        Assert.Equal("maxLength", Keyword(errors, "servers.0.auth.auth_user"));
    }

    [Fact]
    public async Task Strings_and_keys_the_spec_does_not_name_are_limited_to_4096_characters()
    {
        var fits = await Client.PutAsync(Collection(_account), new JsonObject { ["notes"] = new string('n', 4096), [new string('k', 4096)] = 1 });
        Assert.Equal(HttpStatusCode.Created, fits.Status);
        await Client.DeleteAsync(Document(_account, fits.Id));

        var errors = await AssertRefusedAsync(await Client.PutAsync(Collection(_account),
            new JsonObject { ["notes"] = new string('n', 4097), ["cfg"] = new JsonObject { [new string('k', 4097)] = 1 } }));

        Assert.Equal("maxLength", Keyword(errors, "notes"));
        Assert.Equal(4096, errors["notes"]!["maxLength"]!["target"]!.GetValue<int>());
        Assert.Equal("maxLength", Keyword(errors, "cfg." + new string('k', 4097)));
    }

    [Fact]
    public async Task A_document_with_more_than_100_servers_is_refused()
    {
        var servers = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)new JsonObject
        {
            ["auth"] = new JsonObject { ["auth_method"] = "IP", ["ip"] = $"198.51.100.{i}" },
        })]);

        var errors = await AssertRefusedAsync(await Client.PutAsync(Collection(_account), new JsonObject { ["servers"] = servers }));

        Assert.Equal("maxItems", Keyword(errors, "servers"));
    }

    [Fact]
    public async Task The_document_limits_follow_configuration()
    {
        using var factory = api.Factory.WithWebHostBuilder(web => web
            .UseSetting("Connectivity:Limits:MaxDids", "3")
            .UseSetting("Connectivity:Limits:MaxServers", "1")
            .UseSetting("Connectivity:Limits:MaxStringLength", "16"));
        var client = new KazooClient(factory.CreateClient(), TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
        var document = TestDocuments.Trunk(TestDocuments.NewNumber(), TestDocuments.NewNumber());
        document["servers"]![0]!["DIDs"]![TestDocuments.NewNumber()] = new JsonObject();
        document["servers"]![0]!["auth"]!["auth_user"] = "u10chars!!";
        document["name"] = "sixteen chars ok";
        document["account"]!["auth_realm"] = "a.example";
        var created = await client.PutAsync(Collection(_account), document);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        await Client.DeleteAsync(Document(_account, created.Id));

        document["servers"]![0]!["DIDs"]![TestDocuments.NewNumber()] = new JsonObject();
        document["servers"]!.AsArray().Add(new JsonObject { ["auth"] = new JsonObject { ["auth_method"] = "IP", ["ip"] = "198.51.100.1" } });
        var errors = await AssertRefusedAsync(await client.PutAsync(Collection(_account), document));
        var longName = await AssertRefusedAsync(await client.PutAsync(Collection(_account), new JsonObject { ["name"] = "seventeen chars!!" }));

        Assert.Equal("maxProperties", Keyword(errors, "servers.0.DIDs"));
        Assert.Equal("maxItems", Keyword(errors, "servers"));
        Assert.Equal("maxLength", Keyword(longName, "name"));
    }

    [Fact]
    public async Task Patches_cannot_grow_a_document_past_its_size_limit()
    {
        using var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("Connectivity:Limits:MaxDocumentBytes", "20000"));
        var client = new KazooClient(factory.CreateClient(), TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
        var created = await client.PutAsync(Collection(_account), new JsonObject { ["name"] = "growing" });
        for (var i = 0; i < 4; i++)
        {
            var patched = await client.PatchAsync(Document(_account, created.Id), new JsonObject { [$"notes{i}"] = new string('n', 4000) });
            Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());
        }

        var refused = await client.PatchAsync(Document(_account, created.Id), new JsonObject { ["notes4"] = new string('n', 4000) });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(20000, refused.DataObject[""]!["maxLength"]!["target"]!.GetValue<int>());
        Assert.Null((await client.GetAsync(Document(_account, created.Id))).DataObject["notes4"]);
    }

    [Fact]
    public async Task A_patch_with_a_hostile_value_changes_nothing()
    {
        var created = await Client.PutAsync(Collection(_account), TestDocuments.Trunk(TestDocuments.NewNumber()));

        var response = await Client.SendRawAsync(HttpMethod.Patch, Document(_account, created.Id), """{"data": {"name": "\u0000", "x": 1e400}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("format", Keyword(response.DataObject, "name"));
        Assert.Equal("maximum", Keyword(response.DataObject, "x"));
        Assert.Equal(created.Revision, (await Client.GetAsync(Document(_account, created.Id))).Revision);
    }
}
