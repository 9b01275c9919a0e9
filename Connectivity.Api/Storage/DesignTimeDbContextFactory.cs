using Microsoft.EntityFrameworkCore.Design;

namespace Connectivity.Api.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ConnectivityDbContext>
{
    public ConnectivityDbContext CreateDbContext(string[] args) =>
        new(ConnectivityDatabase.Options("Host=localhost;Database=connectivity"));
}
