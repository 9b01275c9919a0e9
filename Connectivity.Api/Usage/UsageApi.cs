using System.Globalization;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Usage;

/// <summary>
/// Usage for invoices: <c>/v2/accounts/{ACCOUNT_ID}/connectivity/usage</c> (one account's days, or its connectivity at an
/// instant) and <c>/v2/connectivity/usage</c> (every account's days, for super-duper admins, as JSON or CSV). Not part of
/// Kazoo's API. The rules are those of <see cref="UsageReports"/>.
/// </summary>
public static class UsageApi
{
    public const string Csv = "text/csv";

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder routes)
    {
        // A literal segment outranks /connectivity/{id}, so this never reaches the document routes.
        routes.MapGroup("/v2/accounts/{accountId}/connectivity/usage").RequireAccountAccess().RequireKazooIds("accountId").WithTags("Usage")
            .MapGet("", GetUsage).WithName(nameof(GetUsage))
            .WithSummary("The account's DID-, server- and trunk-days per UTC day, or its connectivity at an instant");
        routes.MapGroup("/v2/connectivity/usage").RequireAuthorization(SuperDuperAdmin).WithTags("Usage")
            .MapGet("", ExportUsage).WithName(nameof(ExportUsage))
            .WithSummary("Every account's usage per UTC day, as JSON or CSV (super-duper admins)");
        return routes;
    }

    public static async Task<KazooResult> GetUsage(
        string accountId, string? from, string? to, [FromQuery(Name = "as_of")] string? asOf, UsageReports reports, IOptions<UsageOptions> options,
        CancellationToken cancellationToken)
    {
        if (asOf is not null)
        {
            if (from is not null || to is not null)
                throw KazooException.InvalidParameter("as_of", "as_of asks for one instant; it cannot be combined with from and to", ValueLimits.Printable(asOf));
            if (!KazooTime.TryParse(asOf, out var at))
                throw KazooException.InvalidParameter("as_of", "Value is not an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z", ValueLimits.Printable(asOf));
            return KazooResult.Ok(Snapshot(await reports.AsOfAsync(accountId, at, cancellationToken)));
        }

        var (first, end) = Period(from, to, options.Value);
        var days = await reports.DailyAsync(accountId, first, end, cancellationToken);
        var total = days.Aggregate(UsageDay.None(accountId, first), (sum, day) => sum.Plus(day));
        return KazooResult.Ok(new JsonObject
        {
            ["from"] = Date(first),
            ["to"] = Date(end),
            ["days"] = new JsonArray([.. days.Select(day => Figures(day, new JsonObject { ["day"] = Date(day.Day) }))]),
            ["total"] = Figures(total, []),
        });
    }

    public static async Task<IResult> ExportUsage(
        string? from, string? to, HttpContext context, UsageReports reports, IOptions<UsageOptions> options, CancellationToken cancellationToken)
    {
        var (first, end) = Period(from, to, options.Value);
        var asCsv = MediaTypeHeaderValue.TryParseList(context.Request.Headers.Accept, out var accepted)
                    && accepted.Any(media => media.MediaType.Equals(Csv, StringComparison.OrdinalIgnoreCase));
        var rows = await reports.ExportAsync(first, end, cancellationToken);
        context.Response.RegisterForDisposeAsync(rows);
        return new UsageExport(rows, asCsv, $"usage-{Date(first)}-{Date(end)}");
    }

    /// <summary>The period's first day and the day after its last: <c>from</c> inclusive, <c>to</c> exclusive, both required.</summary>
    private static (DateOnly From, DateOnly To) Period(string? from, string? to, UsageOptions options)
    {
        var first = Day("from", from);
        var end = Day("to", to);
        if (end <= first)
            throw Bound("to", "minimum", "to is the day after the period's last day, so it must be later than from", Date(first.AddDays(1)), to!);
        if (end.DayNumber - first.DayNumber > options.MaxDays)
            throw Bound("to", "maximum", $"A period spans at most {options.MaxDays} days", Date(first.AddDays(options.MaxDays)), to!);
        return (first, end);
    }

    private static DateOnly Day(string name, string? value)
    {
        if (value is null)
            throw new KazooException(StatusCodes.Status400BadRequest, "validation error", new JsonObject
            {
                [name] = new JsonObject { ["required"] = new JsonObject { ["message"] = "Field is required but missing" } },
            });
        // A day is at most 9998-12-31, so that the day after it can still be written.
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < DateOnly.MaxValue
            ? day
            : throw KazooException.InvalidParameter(name, "Value is not a date written YYYY-MM-DD", ValueLimits.Printable(value));
    }

    private static KazooException Bound(string name, string keyword, string message, string target, string value) =>
        new(StatusCodes.Status400BadRequest, "validation error", new JsonObject
        {
            [name] = new JsonObject { [keyword] = new JsonObject { ["message"] = message, ["target"] = target, ["value"] = value } },
        });

    public static JsonObject Figures(UsageDay day, JsonObject into)
    {
        into["did_days"] = day.DidDays;
        into["server_days"] = day.ServerDays;
        into["trunk_days"] = day.TrunkDays;
        into["inbound_trunk_days"] = day.InboundTrunkDays;
        into["outbound_trunk_days"] = day.OutboundTrunkDays;
        return into;
    }

    private static JsonObject Snapshot(UsageSnapshot snapshot) => new()
    {
        ["as_of"] = KazooTime.Iso(snapshot.AsOf),
        ["dids"] = snapshot.Dids,
        ["servers"] = snapshot.Servers,
        ["trunks"] = snapshot.Trunks,
        ["inbound_trunks"] = snapshot.InboundTrunks,
        ["outbound_trunks"] = snapshot.OutboundTrunks,
        ["documents"] = new JsonArray([.. snapshot.Documents.Select(d => new JsonObject { ["id"] = d.Id, ["revision"] = d.Revision })]),
    };

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void SuperDuperAdmin(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireAssertion(context => context.User.IsSuperDuperAdmin());
}
