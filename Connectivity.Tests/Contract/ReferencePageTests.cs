using System.Net;
using Connectivity.Api.Contract;
using Connectivity.Tests.Api;
using Microsoft.AspNetCore.Hosting;

namespace Connectivity.Tests.Contract;

public sealed class ReferencePageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task The_reference_page_is_served_in_Development_and_elsewhere_only_when_enabled(
        string environment, string? setting, bool served)
    {
        using var host = api.Factory.WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            if (setting is not null) web.UseSetting("Connectivity:Contract:ReferencePage", setting);
        });
        var client = host.CreateClient();

        using var page = await client.GetAsync(ContractSetup.ReferencePagePath + "/");
        using var document = await client.GetAsync(ContractSetup.DocumentPath);

        Assert.Equal(served ? HttpStatusCode.OK : HttpStatusCode.NotFound, page.StatusCode);
        // The page loads the document relative to the service's base path, so it works behind a path prefix too.
        if (served) Assert.Contains("\"url\":\"openapi/v1.json\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
