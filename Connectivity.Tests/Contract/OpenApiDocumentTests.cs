using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Contract;
using Connectivity.Domain.Schema;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Connectivity.Tests.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Connectivity.Tests.Contract;

public sealed class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string CommittedPath = "spec/openapi.json";

    private async Task<JsonObject> ServedAsync()
    {
        using var response = await api.Factory.CreateClient().GetAsync(ContractSetup.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_served_document_is_the_committed_copy()
    {
        var served = await ServedAsync();
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFile.Path(CommittedPath)));
        Assert.True(JsonNode.DeepEquals(served, committed),
            $"{ContractSetup.DocumentPath} differs from {CommittedPath}; refresh the copy with " +
            $"`curl -s http://localhost:8000{ContractSetup.DocumentPath} > {CommittedPath}` from `dotnet run --project Connectivity.Api`.");
    }

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_served_by_whichever_host_answers()
    {
        var served = await ServedAsync();
        Assert.StartsWith("3.1.", served["openapi"]!.GetValue<string>());
        Assert.Equal("/", Assert.Single((JsonArray)served["servers"]!)!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_connectivity_schema_is_the_generated_one_as_it_is()
    {
        var served = await ServedAsync();
        Assert.True(JsonNode.DeepEquals(ConnectivitySchema.Json, served["components"]!["schemas"]!["Connectivity"]));
    }

    [Fact]
    public async Task Every_route_the_app_maps_is_in_the_document_and_nothing_else()
    {
        var served = await ServedAsync();
        var documented = ((JsonObject)served["paths"]!)
            .SelectMany(path => ((JsonObject)path.Value!).Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .Order().ToList();
        var mapped = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !IsContractItself(endpoint.RoutePattern.RawText!))
            // Health checks answer any method; probes send GET, which is what the document describes.
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} {Normalized(endpoint.RoutePattern.RawText!)}"))
            .Order().ToList();
        Assert.Equal(mapped, documented);
        Assert.Equal(mapped.Count, documented.Count);
    }

    [Theory]
    [InlineData("put", "/v2/accounts/{accountId}/connectivity", new[] { "201", "400", "401", "403", "409", "413", "415", "422", "429", "503" })]
    [InlineData("get", "/v2/accounts/{accountId}/connectivity/{id}", new[] { "200", "304", "401", "403", "404", "429", "503" })]
    [InlineData("patch", "/v2/accounts/{accountId}/connectivity/{id}", new[] { "200", "400", "401", "403", "404", "409", "412", "413", "415", "422", "429", "503" })]
    [InlineData("get", "/v2/lookups/dids/{number}", new[] { "200", "400", "401", "403", "404", "429", "503" })]
    public async Task Each_route_lists_every_status_it_can_answer(string method, string path, string[] statuses)
    {
        var served = await ServedAsync();
        var responses = (JsonObject)served["paths"]![path]![method]!["responses"]!;
        Assert.Equal(statuses.Order(), responses.Select(r => r.Key).Order());
    }

    [Fact]
    public async Task Every_v2_route_describes_its_success_envelope_and_the_failures_any_route_can_answer()
    {
        var served = await ServedAsync();
        foreach (var (path, item) in ((JsonObject)served["paths"]!).Where(path => path.Key.StartsWith("/v2/", StringComparison.Ordinal)))
            foreach (var (method, operation) in (JsonObject)item!)
            {
                var responses = (JsonObject)operation!["responses"]!;
                var success = responses.First(response => response.Key is "200" or "201").Value!;
                Assert.EndsWith("Envelope", success["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
                Assert.NotNull(success["headers"]!["X-Request-ID"]);
                Assert.NotNull(operation["description"]);
                foreach (var status in new[] { "401", "403", "429", "503" }) Assert.True(responses.ContainsKey(status), $"{method} {path} lacks {status}");
            }
    }

    [Theory]
    [InlineData("TooManyRequests")]
    [InlineData("ServiceUnavailable")]
    public async Task Responses_that_ask_the_client_to_wait_say_how_long_in_Retry_After(string response)
    {
        var served = await ServedAsync();
        Assert.NotNull(served["components"]!["responses"]![response]!["headers"]!["Retry-After"]);
    }

    [Fact]
    public async Task Every_v2_route_asks_for_the_X_Auth_Token()
    {
        var served = await ServedAsync();
        var scheme = served["components"]!["securitySchemes"]!["X-Auth-Token"]!;
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        foreach (var (path, item) in (JsonObject)served["paths"]!)
            foreach (var (method, operation) in (JsonObject)item!)
                Assert.True(path.StartsWith("/v2/", StringComparison.Ordinal) == (((JsonArray)operation!["security"]!).Count == 1), $"{method} {path}");
    }

    private static bool IsContractItself(string pattern) =>
        pattern.StartsWith("/openapi/", StringComparison.Ordinal) || pattern.StartsWith(ContractSetup.ReferencePagePath, StringComparison.Ordinal);

    /// <summary>A group's own route ("") ends in a slash the OpenAPI path does not have.</summary>
    private static string Normalized(string pattern) => "/" + pattern.Trim('/');
}
