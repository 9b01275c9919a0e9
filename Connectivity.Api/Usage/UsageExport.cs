using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;

namespace Connectivity.Api.Usage;

/// <summary>
/// Writes the export as its rows are read, never holding the whole result: CSV (one header line, then one line per
/// account and day), or Kazoo's envelope with the rows in <c>data</c> and the request metadata after them.
/// </summary>
public sealed class UsageExport(UsageExportRows rows, bool asCsv, string fileName) : IResult
{
    private const int FlushBytes = 32 * 1024;

    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string CsvHeader = "account_id,day,did_days,server_days,trunk_days,inbound_trunk_days,outbound_trunk_days";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        if (asCsv)
        {
            response.ContentType = $"{UsageApi.Csv}; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}.csv\"";
            await WriteCsvAsync(response.Body, cancellationToken);
        }
        else
        {
            response.ContentType = "application/json";
            var clock = httpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
            var metadata = new JsonObject { ["status"] = "success" };
            KazooEnvelope.AddMetadata(metadata, httpContext, clock.GetUtcNow());
            await WriteJsonAsync(response.Body, metadata, cancellationToken);
        }
    }

    private async Task WriteCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), FlushBytes, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(CsvHeader.AsMemory(), cancellationToken);
        // Ids are hex, days ISO dates and figures integers: no field ever needs quoting.
        while (await rows.Reader.ReadAsync(cancellationToken))
        {
            var day = UsageReports.ReadDay(rows.Reader);
            await writer.WriteLineAsync(string.Join(',',
                day.AccountId, UsageApi.Date(day.Day), day.DidDays, day.ServerDays, day.TrunkDays, day.InboundTrunkDays, day.OutboundTrunkDays)
                .AsMemory(), cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    private async Task WriteJsonAsync(Stream body, JsonObject metadata, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body, Json);
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        while (await rows.Reader.ReadAsync(cancellationToken))
        {
            var day = UsageReports.ReadDay(rows.Reader);
            UsageApi.Figures(day, new JsonObject { ["account_id"] = day.AccountId, ["day"] = UsageApi.Date(day.Day) }).WriteTo(writer);
            if (writer.BytesPending >= FlushBytes) await writer.FlushAsync(cancellationToken);
        }
        writer.WriteEndArray();
        foreach (var (name, value) in metadata)
        {
            writer.WritePropertyName(name);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }
}
