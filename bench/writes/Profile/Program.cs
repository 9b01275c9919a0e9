using System.Diagnostics;
using System.Text.Json.Nodes;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;
using Connectivity.Domain.Schema;

// Times each stage of DocumentPipeline.Prepare on a document with N DIDs (fastest of several runs: the machine is shared),
// after enough runs for the tiered JIT to have optimised every stage (a method runs unoptimised for its first 30 calls).
const int WarmUp = 40, Runs = 25;
var numbers = new PhoneNumbers();
var limits = new DocumentLimits();
var pipeline = new DocumentPipeline(numbers, limits);

foreach (var count in new[] { 1_000, 10_000 })
{
    var candidate = Document(count);
    var request = System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["data"] = candidate.DeepClone() }.ToJsonString());
    for (var i = 0; i < WarmUp; i++) pipeline.Prepare(Parsed(request));
    var stages = new Dictionary<string, List<double>>();
    var measuring = false;
    void Time(string name, Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        if (measuring) (stages.TryGetValue(name, out var list) ? list : stages[name] = []).Add(watch.Elapsed.TotalMilliseconds);
    }
    for (var run = 0; run < WarmUp + Runs; run++)
    {
        measuring = run >= WarmUp;
        JsonObject document = null!;
        Time("request: parse + ValueLimits + parse strict", () =>
        {
            using (var lenient = System.Text.Json.JsonDocument.Parse(request))
                ValueLimits.Check(lenient.RootElement.GetProperty("data"), limits);
            using var strict = System.Text.Json.JsonDocument.Parse(request, new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
            JsonObject.Create(strict.RootElement.GetProperty("data").Clone());
        });
        // As the service has it: parsed from the request body, backed by its JSON until read.
        Time("DeepClone", () => document = (JsonObject)Parsed(request).DeepClone());
        Time("Coerce", () => SchemaCoercion.Coerce(document));
        Time("DidKeys.Normalize", () => DidKeys.Normalize(document, numbers));
        Time("SchemaDefaults.Apply", () => SchemaDefaults.Apply(document));
        Time("SchemaValidator.Validate", () => SchemaValidator.Validate(document));
        Time("SemanticChecks", () => SemanticChecks.Check(document, numbers));
        Time("SipSafety", () => SipSafety.Check(document));
        Time("DocumentSize", () => DocumentSize.Check(document, limits));
        Time("DocumentIndex.Of", () => DocumentIndex.Of(document));
        var parsed = Parsed(request);
        Time("Prepare (whole)", () => pipeline.Prepare(parsed));
        Time("store: ToJsonString + RevisionIds.Hash", () => RevisionIds.Hash(document.ToJsonString()));
        Time("response: parse stored body + serialise", () => JsonNode.Parse(document.ToJsonString())!.ToJsonString());
    }
    Console.WriteLine($"## {count:N0} DIDs (fastest of {Runs}, ms)");
    foreach (var (name, times) in stages)
        Console.WriteLine($"| {name} | {times.Min():F1} |");
}

static JsonObject Parsed(byte[] request)
{
    using var strict = System.Text.Json.JsonDocument.Parse(request, new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
    return JsonObject.Create(strict.RootElement.GetProperty("data").Clone())!;
}

static JsonObject Document(int count)
{
    var dids = new JsonObject();
    for (var i = 0; i < count; i++) dids[$"+1415{5550000 + i:D7}"] = new JsonObject();
    return new JsonObject
    {
        ["name"] = "Bench PBX",
        ["account"] = new JsonObject { ["auth_realm"] = "bench.sip.example.com" },
        ["servers"] = new JsonArray(new JsonObject
        {
            ["name"] = "pbx1",
            ["DIDs"] = dids,
            ["auth"] = new JsonObject { ["auth_method"] = "password", ["auth_user"] = "bench1", ["auth_password"] = "s3cret" },
        }),
    };
}
