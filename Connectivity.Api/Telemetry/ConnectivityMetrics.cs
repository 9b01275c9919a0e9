using System.Diagnostics.Metrics;

namespace Connectivity.Api.Telemetry;

/// <summary>
/// The service's own meter, <c>Connectivity</c>: what clients do to documents and how lookups answer.
/// Injected as a singleton; in Prometheus the counters appear as <c>connectivity_*_total</c>.
/// </summary>
public sealed class ConnectivityMetrics
{
    public const string MeterName = "Connectivity";

    private readonly Counter<long> _documentsWritten;
    private readonly Counter<long> _validationFailures;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _lookups;

    public ConnectivityMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _documentsWritten = Meter.CreateCounter<long>("connectivity.documents.written", "{document}",
            "Documents committed, by operation (create, replace, patch, delete).");
        _validationFailures = Meter.CreateCounter<long>("connectivity.validation.failures", "{request}",
            "Writes refused because the document failed validation, by operation.");
        _conflicts = Meter.CreateCounter<long>("connectivity.conflicts", "{request}",
            "Writes refused because a DID, SIP credential or source IP is held by another document, by kind (did, credential, ip).");
        _lookups = Meter.CreateCounter<long>("connectivity.lookups", "{lookup}",
            "Lookups answered, by kind and result.");
    }

    public Meter Meter { get; }

    /// <param name="operation"><c>create</c>, <c>replace</c>, <c>patch</c> or <c>delete</c>.</param>
    public void DocumentWritten(string operation) => _documentsWritten.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void ValidationFailed(string operation) => _validationFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));

    /// <param name="kind"><c>did</c>, <c>credential</c> or <c>ip</c>.</param>
    public void ConflictRejected(string kind) => _conflicts.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <param name="kind">What was looked up, e.g. <c>did</c>, <c>credential</c>, <c>ip</c>.</param>
    /// <param name="result">How it ended, e.g. <c>found</c>, <c>not_found</c>.</param>
    public void LookupCompleted(string kind, string result) =>
        _lookups.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("result", result));
}
