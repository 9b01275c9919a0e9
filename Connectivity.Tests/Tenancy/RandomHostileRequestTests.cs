using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connectivity.Tests.Tenancy;

/// <summary>
/// Generated hostile requests at every mapped route: bodies, path segments, query strings and headers that .NET accepts
/// but PostgreSQL refuses or inflates, or that would reach a SIP message. None may produce a 5xx, and a refused write
/// leaves the account's documents, revisions and lookup rows exactly as they were.
/// </summary>
public sealed class RandomHostileRequestTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Cases = 600;
    private const string Placeholder = "\"__hostile__\"";

    private static readonly string[] HostileJsonValues =
    [
        "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\ud800\\u0000\"", "\"bob\\r\\nVia: evil\"",
        "\"bob@evil.example.com\"", "\"\\u202egnp.exe\"", "\"\\ufeff\"", "\"😀\"", "\"%00\"", "\"' OR 1=1 --\"",
        "\"" + new string('r', 6000) + "\"", "\"" + string.Concat(Enumerable.Repeat("a.", 2000)) + "\"",
        "1e100000", "-1e100000", "1e-100000", "1E+309", "-0", "0.0000000000000000000000000000000000000000000000000001",
        "1" + new string('0', 2000), "123456789012345678901234567890.123456789012345678901234567890",
        "[" + string.Join(",", Enumerable.Repeat("1e100000", 400)) + "]",
        new string('[', 80) + new string(']', 80), "{\"\\u0000\": 1}", "{\"a\\r\\nb\": \"c\"}", "{\"\\ud800\": true}",
        "null", "true", "[]", "{}", "\"\"",
    ];

    private static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0x80]];

    private static readonly string[] HostileSegments =
    [
        "%00", "a%00b", "%0D%0AVia:%20evil", "%FF", "%ED%A0%80", "%C0%80", new string('a', 5000), "..%2F..", "%2B1415%00",
        "%2B14158867900", "4158867900", "10.0.0.1", "%3A%3Affff%3A10.0.0.1", "0123456789abcdef0123456789abcdef%0A",
        "0123456789ABCDEF0123456789ABCDEF", "1", "-1", "99999999999999999999999", "1-%00", "%F0%9F%98%80", "%20", "acme.example.com",
    ];

    private static readonly string[] HostileQueries =
    [
        "paginate=false", "page_size=%00", "page_size=-1", "page_size=99999999999999999999", "page_size=1e400", "start_key=%00",
        "start_key=%FF", "start_key=%ED%A0%80", "filter_name=%00", "filter_%00=1", "filter_name=%ED%A0%80", "filter_servers.0.DIDs=%FF",
        "has_key=%00", "key_missing=" + new string('k', 3000), "has_value=%00", "created_from=1e400", "created_to=%00",
        "modified_from=-99999999999999999999", "auth_token=%00", "auth_token=not.a.token", "auth_token=%ED%A0%80", "%00=%00",
        "filter_not_name=" + new string('n', 10000),
    ];

    private static readonly string[] HostileContentTypes =
        ["application/json", "application/json; charset=utf-16", "application/json; charset=bogus", "text/plain", "multipart/form-data; boundary=x"];

    [Fact]
    public async Task Generated_hostile_requests_at_every_route_never_get_a_5xx_and_refused_writes_change_nothing()
    {
        var account = ApiFixture.NewId();
        var tokens = new[]
        {
            TokenIssuer.Issue(api.Auth, account, superDuperAdmin: false),
            TokenIssuer.Issue(api.Auth, null, superDuperAdmin: true),
            TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: KazooClaims.LookupScope),
        };
        var seed = api.AccountClient(account);
        var existing = await seed.PutAsync(KazooClient.Collection(account), TestDocuments.Trunk(TestDocuments.NewNumber()));
        Assert.Equal(HttpStatusCode.Created, existing.Status);
        // Over real HTTP, so what Kestrel itself refuses (a NUL in the path) is part of what is tried.
        await using var service = api.Factory.WithWebHostBuilder(web => web.UseUrls("http://127.0.0.1:0"));
        service.UseKestrel();
        service.StartServer();
        var routes = Routes(service);
        var http = service.CreateClient();
        var random = new Random(20261130);
        var failures = new List<string>();
        var statuses = new List<int>();

        for (var i = 0; i < Cases; i++)
        {
            var (method, template) = routes[random.Next(routes.Count)];
            using var request = new HttpRequestMessage(new HttpMethod(method), Path(template, account, existing.Id, random) + Query(random));
            var description = $"{method} {request.RequestUri}";
            if (method is "PUT" or "POST" or "PATCH")
            {
                var body = Body(random, out var shown);
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", HostileContentTypes[random.Next(4) == 0 ? random.Next(HostileContentTypes.Length) : 0]);
                description += $" body {shown}";
            }
            AddHeaders(request, tokens[random.Next(tokens.Length)], random);

            var before = await SnapshotAsync(account);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var after = await SnapshotAsync(account);
            statuses.Add((int)response.StatusCode);

            if ((int)response.StatusCode >= 500)
                failures.Add($"{(int)response.StatusCode} for {description}: {Shorten(text)}");
            else if ((int)response.StatusCode >= 400 && before != after)
                failures.Add($"refused with {(int)response.StatusCode} yet changed the account's rows: {description}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        // The generator must reach the handlers, not only the doors: successes and refusals of the body alike.
        Assert.Contains(statuses, status => status is >= 200 and < 300);
        Assert.Contains(400, statuses);
    }

    /// <summary>Every mapped API route, so a route added later is covered without touching this test.</summary>
    private static List<(string Method, string Template)> Routes(WebApplicationFactory<Program> service) =>
        service.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v2", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

    private static string Path(string template, string account, string documentId, Random random)
    {
        var path = new StringBuilder();
        foreach (var segment in template.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path.Append('/');
            if (!segment.StartsWith('{')) path.Append(segment);
            else if (random.Next(3) == 0) path.Append(HostileSegments[random.Next(HostileSegments.Length)]);
            else path.Append(segment switch
            {
                "{accountId}" => account,
                "{id}" => documentId,
                "{revision}" => "1",
                "{ip}" => "10.0.0.1",
                _ => "%2B14158867900",
            });
        }
        return path.ToString();
    }

    private static string Query(Random random) =>
        random.Next(3) != 0 ? "" : "?" + string.Join("&", Enumerable.Range(0, random.Next(1, 4)).Select(_ => HostileQueries[random.Next(HostileQueries.Length)]));

    /// <summary>A valid envelope with one hostile value, key or byte sequence put in a random place, or no JSON at all.</summary>
    private static byte[] Body(Random random, out string shown)
    {
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        var nodes = Descendants(document).ToList();
        var target = nodes[random.Next(nodes.Count)];
        if (target.Parent is JsonObject parent && random.Next(4) == 0) parent["__hostile_key__"] = "v";
        else target.ReplaceWith(JsonValue.Create("__hostile__"));
        var envelope = new JsonObject { ["data"] = document };
        if (random.Next(6) == 0) envelope["auth_token"] = "__hostile__";
        var text = envelope.ToJsonString();

        var choice = random.Next(10);
        if (choice == 0)
        {
            var invalid = InvalidUtf8[random.Next(InvalidUtf8.Length)];
            var utf8 = Encoding.UTF8.GetBytes(text.Replace(Placeholder, "\"x__bytes__x\"").Replace("\"__hostile_key__\"", "\"x__bytes__x\""));
            shown = $"invalid UTF-8 {Convert.ToHexString(invalid)}";
            return Splice(utf8, Encoding.UTF8.GetBytes("__bytes__"), invalid);
        }
        if (choice == 1)
        {
            string[] broken = ["", "null", "[]", "\"data\"", "{\"data\": []}", "{\"data\": null}", "{", "{\"data\": {}} trailing", "\u0000"];
            shown = broken[random.Next(broken.Length)];
            return Encoding.UTF8.GetBytes(shown);
        }
        var hostile = HostileJsonValues[random.Next(HostileJsonValues.Length)];
        text = text.Replace(Placeholder, hostile).Replace("\"__hostile_key__\"", hostile.StartsWith('"') ? hostile : $"\"{hostile}\"");
        shown = Shorten(text);
        return Encoding.UTF8.GetBytes(text);
    }

    private static void AddHeaders(HttpRequestMessage request, string token, Random random)
    {
        switch (random.Next(8))
        {
            case 0: request.Headers.TryAddWithoutValidation("X-Auth-Token", new string('t', 9000)); break;
            case 1: request.Headers.TryAddWithoutValidation("X-Auth-Token", "a.b.c"); break;
            case 2: break;
            default: request.Headers.TryAddWithoutValidation("X-Auth-Token", token); break;
        }
        if (random.Next(4) == 0) request.Headers.TryAddWithoutValidation("If-Match", random.Next(2) == 0 ? "\"1-%00\"" : new string('9', 400));
        if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("X-Request-ID", new string('r', 5000));
        if (random.Next(8) == 0) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
    }

    /// <summary>What a write can change for one account: documents, revisions, lookup rows, realms and numbers.</summary>
    private async Task<string> SnapshotAsync(string account)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT coalesce((SELECT string_agg(id || ':' || revision_number || ':' || deleted, ',' ORDER BY id)
                             FROM connectivity_documents WHERE account_id = $1), '')
                || '|' || (SELECT count(*) FROM connectivity_revisions r JOIN connectivity_documents d ON d.id = r.document_id WHERE d.account_id = $1)
                || '|' || (SELECT count(*) FROM connectivity_dids WHERE account_id = $1)
                || '|' || (SELECT count(*) FROM connectivity_credentials WHERE account_id = $1)
                || '|' || (SELECT count(*) FROM connectivity_ips WHERE account_id = $1)
                || '|' || (SELECT count(*) FROM connectivity_realms WHERE account_id = $1)
                || '|' || coalesce((SELECT string_agg(number || ':' || coalesce(used_by, ''), ',' ORDER BY number)
                                    FROM phone_numbers WHERE account_id = $1), '')
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = account });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var below in Descendants(child)) yield return below;
        }
    }

    private static byte[] Splice(byte[] text, byte[] marker, byte[] replacement)
    {
        var at = text.AsSpan().IndexOf(marker);
        return at < 0 ? text : [.. text[..at], .. replacement, .. text[(at + marker.Length)..]];
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length} chars)";
}
