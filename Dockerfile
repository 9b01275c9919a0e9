FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore from the project and props files alone, so this layer survives source-only changes. Restored as Release,
# the build that leaves out the Debug-only local PostgreSQL launcher (Connectivity.LocalDatabase).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY Connectivity.Domain/Connectivity.Domain.csproj Connectivity.Domain/
COPY Connectivity.Api/Connectivity.Api.csproj Connectivity.Api/
RUN dotnet restore Connectivity.Api/Connectivity.Api.csproj -p:Configuration=Release

COPY spec/ spec/
COPY migrations/ migrations/
COPY Connectivity.Domain/ Connectivity.Domain/
COPY Connectivity.Api/ Connectivity.Api/
RUN dotnet publish Connectivity.Api/Connectivity.Api.csproj \
        --configuration Release \
        --no-restore \
        --output /app \
        -p:UseAppHost=false

# Chiseled: no shell, no package manager; runs as the non-root "app" user (UID 1654).
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./

ENV ASPNETCORE_HTTP_PORTS=8000 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8000

# Numeric, so Kubernetes can verify runAsNonRoot without resolving a user name.
USER $APP_UID

ENTRYPOINT ["dotnet", "Connectivity.Api.dll"]
