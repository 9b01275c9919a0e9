using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Hosting;
using Connectivity.Api.Telemetry;
using Connectivity.Tests.Api;
using Connectivity.Tests.Lookups;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Connectivity.Tests.Operations;

public sealed class TelemetryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();

    private string Collection => KazooClient.Collection(_account);

    [Fact]
    public async Task Every_committed_write_is_counted_by_its_operation()
    {
        using var recorder = new MeasurementRecorder(api.Factory.Services.GetRequiredService<ConnectivityMetrics>().Meter);
        var client = api.AccountClient(_account);

        var created = await client.PutAsync(Collection, TestDocuments.Trunk(TestDocuments.NewNumber()));
        var document = KazooClient.Document(_account, created.Id);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(document, TestDocuments.Trunk(TestDocuments.NewNumber()))).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(document, new JsonObject { ["name"] = "Renamed" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(document, new JsonObject { ["name"] = "Renamed again" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(document)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(document)).Status);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(
            (1, 1, 2, 1),
            (recorder.Total("connectivity.documents.written", ("operation", "create")),
             recorder.Total("connectivity.documents.written", ("operation", "replace")),
             recorder.Total("connectivity.documents.written", ("operation", "patch")),
             recorder.Total("connectivity.documents.written", ("operation", "delete"))));
    }

    [Fact]
    public async Task Refused_writes_are_counted_as_validation_failures_or_conflicts_by_kind()
    {
        using var recorder = new MeasurementRecorder(api.Factory.Services.GetRequiredService<ConnectivityMetrics>().Meter);
        var client = api.AccountClient(_account);

        var invalid = TestDocuments.Trunk(TestDocuments.NewNumber());
        invalid["servers"]![0]!["options"]!["media_handling"] = "proxy";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync(Collection, invalid)).Status);

        var held = TestDocuments.Trunk(TestDocuments.NewNumber());
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Collection, held)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsync(Collection, held)).Status);

        Assert.Equal(1, recorder.Total("connectivity.validation.failures", ("operation", "create")));
        Assert.Equal(1, recorder.Total("connectivity.conflicts", ("kind", "did")));
        Assert.Equal(1, recorder.Total("connectivity.conflicts", ("kind", "credential")));
        Assert.Equal(0, recorder.Total("connectivity.conflicts", ("kind", "ip")));
        Assert.Equal(1, recorder.Total("connectivity.documents.written", ("operation", "create")));
    }

    [Fact]
    public async Task Lookups_are_counted_by_kind_and_result()
    {
        using var recorder = new MeasurementRecorder(api.Factory.Services.GetRequiredService<ConnectivityMetrics>().Meter);
        var number = TestDocuments.NewNumber();
        Assert.Equal(HttpStatusCode.Created, (await api.AccountClient(_account).PutAsync(Collection, TestDocuments.Trunk(number))).Status);
        var lookups = api.LookupClient();

        Assert.Equal(HttpStatusCode.OK, (await lookups.GetAsync(LookupTesting.Did(number))).Status);
        Assert.Equal(HttpStatusCode.OK, (await lookups.GetAsync(LookupTesting.Did(number[2..]))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await lookups.GetAsync(LookupTesting.Did(TestDocuments.NewNumber()))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await lookups.GetAsync(LookupTesting.Ip("not-an-ip"))).Status);

        Assert.Equal(2, recorder.Total("connectivity.lookups", ("kind", "did"), ("result", "found")));
        Assert.Equal(1, recorder.Total("connectivity.lookups", ("kind", "did"), ("result", "not_found")));
        Assert.Equal(1, recorder.Total("connectivity.lookups", ("kind", "ip"), ("result", "invalid")));
    }

    [Fact]
    public async Task Prometheus_scrapes_the_service_http_and_database_metrics_from_slash_metrics()
    {
        var client = api.AccountClient(_account);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Collection, TestDocuments.Trunk(TestDocuments.NewNumber()))).Status);

        using var http = api.Factory.CreateClient();
        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectivity_documents_written_total{", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("db_client_", text);
        Assert.Contains("dotnet_gc_", text);
    }

    [Fact]
    public async Task Api_requests_are_traced_with_their_database_commands_but_probes_are_not()
    {
        var exported = new LockedList<Activity>();
        await using var factory = api.Factory.WithWebHostBuilder(web =>
            web.ConfigureServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(exported))));
        var probeTrace = ActivityTraceId.CreateRandom();
        var apiTrace = ActivityTraceId.CreateRandom();
        var token = TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false);
        using var http = factory.CreateClient();

        foreach (var path in new[] { Probes.LivePath, Probes.ReadyPath, Probes.StartupPath, "/metrics" })
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, path);
            probe.Headers.Add("traceparent", TraceParent(probeTrace));
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(probe)).StatusCode);
        }
        using var list = new HttpRequestMessage(HttpMethod.Get, Collection);
        list.Headers.Add("traceparent", TraceParent(apiTrace));
        list.Headers.Add("X-Auth-Token", token);

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(list)).StatusCode);
        var apiSpans = await WaitForAsync(() =>
            exported.Snapshot().Where(a => a.TraceId == apiTrace).ToList() is var spans && spans.Any(s => s.Source.Name == "Microsoft.AspNetCore")
                ? spans
                : null);
        Assert.Contains(apiSpans, s => s.Source.Name == "Npgsql");
        Assert.DoesNotContain(exported.Snapshot(), a => a.TraceId == probeTrace);
    }

    [Fact]
    public async Task Logs_of_a_request_carry_its_kazoo_request_id_and_probes_are_not_logged()
    {
        var capture = new LogCapture();
        await using var factory = api.Factory.WithWebHostBuilder(web =>
            web.ConfigureLogging(logging => logging.AddProvider(capture).AddFilter<LogCapture>(null, LogLevel.Trace)));
        var client = new KazooClient(factory.CreateClient(), TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false));
        var requestId = "req-" + Guid.NewGuid().ToString("N");

        await client.GetAsync(Probes.ReadyPath);
        await client.GetAsync(Probes.LivePath);
        await client.GetAsync(Collection, request => request.Headers.Add("X-Request-ID", requestId));

        var requestLine = Assert.Single(capture.Entries, e => e.Category == "Connectivity.Requests" && e.ScopeValues.GetValueOrDefault("KazooRequestId") == requestId);
        Assert.Contains($"GET {Collection} answered 200", requestLine.Message);
        Assert.DoesNotContain(capture.Entries, e => e.Category == "Connectivity.Requests" && e.Message.Contains("/healthz"));
    }

    [Fact]
    public async Task Neither_tokens_nor_sip_passwords_reach_the_logs_even_with_every_category_at_trace()
    {
        var capture = new LogCapture();
        await using var factory = api.Factory.WithWebHostBuilder(web =>
        {
            foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.EntityFrameworkCore", "Npgsql" })
                web.UseSetting($"Logging:LogLevel:{category}", "Trace");
            web.UseSetting("Auth:AllowQueryStringToken", "true");
            web.ConfigureLogging(logging => logging.AddProvider(capture));
        });
        var token = TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false);
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        document["servers"]![0]!["auth"]!["auth_password"] = password;

        var client = new KazooClient(factory.CreateClient(), token);
        var created = await client.PutAsync(Collection, document);
        var fetched = await new KazooClient(factory.CreateClient(), null).GetAsync(
            $"{KazooClient.Document(_account, created.Id)}?auth_token={Uri.EscapeDataString(token)}");
        var refused = TestDocuments.Trunk(TestDocuments.NewNumber());
        refused["servers"]![0]!["auth"]!["auth_password"] = password;
        refused["servers"]![0]!["options"]!["media_handling"] = "proxy";
        var invalid = await client.PutAsync(Collection, refused);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.BadRequest), (created.Status, fetched.Status, invalid.Status));
        Assert.NotEmpty(capture.Entries);
        var signature = token.Split('.')[^1];
        Assert.All(capture.Entries, entry =>
        {
            Assert.DoesNotContain(password, entry.FullText);
            Assert.DoesNotContain(signature, entry.FullText);
        });
    }

    private static string TraceParent(ActivityTraceId trace) => $"00-{trace}-{ActivitySpanId.CreateRandom()}-01";

    private static async Task<T> WaitForAsync<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The expected telemetry did not arrive within 10 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>The in-memory exporter adds from the thread that ends an activity while the test reads.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public List<T> Snapshot()
        {
            lock (_items) return [.. _items];
        }

        public void Add(T item)
        {
            lock (_items) _items.Add(item);
        }

        public void Clear()
        {
            lock (_items) _items.Clear();
        }

        public bool Contains(T item)
        {
            lock (_items) return _items.Contains(item);
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_items) _items.CopyTo(array, arrayIndex);
        }

        public bool Remove(T item)
        {
            lock (_items) return _items.Remove(item);
        }

        public int Count
        {
            get
            {
                lock (_items) return _items.Count;
            }
        }

        public bool IsReadOnly => false;

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
