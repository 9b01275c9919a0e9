using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Connectivity.Api.Contract;

/// <summary>
/// The published contract: the OpenAPI 3.1 document at <c>/openapi/v1.json</c>, always served, and the Scalar reference
/// page at <c>/scalar</c>, on in Development and elsewhere only when <see cref="ContractOptions.ReferencePage"/> says so.
/// </summary>
public static class ContractSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePagePath = "/scalar";

    public static IServiceCollection AddConnectivityContract(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ContractOptions>(configuration.GetSection(ContractOptions.Section));
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<ContractDocument>();
            options.AddOperationTransformer<ContractOperations>();
        });
        return services;
    }

    public static WebApplication MapConnectivityContract(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        var referencePage = app.Services.GetRequiredService<IOptions<ContractOptions>>().Value.ReferencePage;
        if (referencePage ?? app.Environment.IsDevelopment())
            app.MapScalarApiReference(ReferencePagePath, page => page.WithTitle("Connectivity API"));
        return app;
    }
}
