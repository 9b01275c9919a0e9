using System.Text.Json.Nodes;
using Connectivity.Api.Contract;
using Connectivity.Tests.Api;

namespace Connectivity.Tests.Idempotency;

/// <summary>What the OpenAPI document tells integrators about <c>Idempotency-Key</c>.</summary>
public sealed class IdempotencyContractTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("put", "/v2/accounts/{accountId}/connectivity", "201")]
    [InlineData("post", "/v2/accounts/{accountId}/connectivity/{id}", "200")]
    [InlineData("patch", "/v2/accounts/{accountId}/connectivity/{id}", "200")]
    [InlineData("delete", "/v2/accounts/{accountId}/connectivity/{id}", "200")]
    [InlineData("put", "/v2/accounts/{accountId}/phone_numbers/{number}", "201")]
    [InlineData("delete", "/v2/accounts/{accountId}/phone_numbers/{number}", "200")]
    public async Task Each_write_route_takes_an_idempotency_key_and_describes_the_replay_and_the_422(string method, string path, string success)
    {
        var operation = (await ServedAsync())["paths"]![path]![method]!;

        Assert.Contains(operation["parameters"]!.AsArray(), p => p!["$ref"]?.GetValue<string>() == "#/components/parameters/Idempotency-Key");
        Assert.NotNull(operation["responses"]![success]!["headers"]!["Idempotent-Replayed"]);
        Assert.Equal("#/components/responses/UnprocessableEntity", operation["responses"]!["422"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/responses/Conflict", operation["responses"]!["409"]!["$ref"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("get", "/v2/accounts/{accountId}/connectivity/{id}")]
    [InlineData("get", "/v2/accounts/{accountId}/connectivity")]
    public async Task Reads_take_no_idempotency_key(string method, string path)
    {
        var operation = (await ServedAsync())["paths"]![path]![method]!;

        Assert.DoesNotContain(operation["parameters"]!.AsArray(), p => p!["$ref"]?.GetValue<string>() == "#/components/parameters/Idempotency-Key");
        Assert.Null(operation["responses"]!["422"]);
    }

    private async Task<JsonObject> ServedAsync()
    {
        using var response = await api.Factory.CreateClient().GetAsync(ContractSetup.DocumentPath);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
