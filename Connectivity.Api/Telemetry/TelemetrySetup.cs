using System.Diagnostics;
using Connectivity.Api.Hosting;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Connectivity.Api.Telemetry;

/// <summary>
/// JSON logs on stdout, traces (ASP.NET Core, Npgsql) and metrics (HTTP, runtime, Npgsql, <see cref="ConnectivityMetrics"/>)
/// through OpenTelemetry: exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, scraped from <c>/metrics</c>.
/// </summary>
public static class TelemetrySetup
{
    private const string DefaultServiceName = "connectivity-api";

    private const string HostingRequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplicationBuilder AddConnectivityTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders().AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // ASP.NET Core's own request lines carry the query string, where Kazoo clients may put auth_token: they stay
        // off whatever level the configuration asks for, and UseRequestLogging logs requests without it.
        builder.Logging
            .AddFilter(HostingRequestLog, LogLevel.Warning)
            .AddFilter<ConsoleLoggerProvider>(HostingRequestLog, LogLevel.Warning);

        builder.Services.AddSingleton<ConnectivityMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                builder.Configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName,
                serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !Probes.IsProbeOrScrape(context.Request.Path))
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(ConnectivityMetrics.MeterName)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Puts the Kazoo request id (<c>X-Request-ID</c>) into the logging scope of everything the request logs, and logs
    /// one line per request, leaving out probes and scrapes. The query string is never logged: it may hold <c>auth_token</c>.
    /// </summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Connectivity.Requests");
        return app.Use(async (context, next) =>
        {
            using var scope = logger.BeginScope("Kazoo request {KazooRequestId}", context.TraceIdentifier);
            if (Probes.IsProbeOrScrape(context.Request.Path))
            {
                await next(context);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation("{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
