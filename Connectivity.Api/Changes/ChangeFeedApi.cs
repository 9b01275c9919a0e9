using System.Globalization;
using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Changes;

/// <summary>
/// The change feed: <c>/v2/connectivity/changes</c> (every account, for admin and lookup tokens) and
/// <c>/v2/accounts/{ACCOUNT_ID}/connectivity/changes</c> (one account). Not part of Kazoo's API.
/// </summary>
public static class ChangeFeedApi
{
    public static IEndpointRouteBuilder MapChangeFeedApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v2/connectivity/changes").RequireAuthorization(AuthSetup.LookupPolicy).WithTags("Changes")
            .MapGet("", ReadChanges).WithName(nameof(ReadChanges))
            .WithSummary("Every account's changes in commit order, after a position");
        // A literal segment outranks /connectivity/{id}, so this never reaches the document routes.
        routes.MapGroup("/v2/accounts/{accountId}/connectivity/changes").RequireAccountAccess().RequireKazooIds("accountId").WithTags("Changes")
            .MapGet("", ReadAccountChanges).WithName(nameof(ReadAccountChanges))
            .WithSummary("The account's changes in commit order, after a position");
        return routes;
    }

    public static Task<KazooResult> ReadChanges(
        string? since, string? limit, string? wait, ChangeFeed feed, IOptions<ChangeFeedOptions> options, CancellationToken cancellationToken) =>
        ReadAsync(null, since, limit, wait, feed, options.Value, cancellationToken);

    public static Task<KazooResult> ReadAccountChanges(
        string accountId, string? since, string? limit, string? wait, ChangeFeed feed, IOptions<ChangeFeedOptions> options,
        CancellationToken cancellationToken) =>
        ReadAsync(accountId, since, limit, wait, feed, options.Value, cancellationToken);

    private static async Task<KazooResult> ReadAsync(
        string? accountId, string? since, string? limit, string? wait, ChangeFeed feed, ChangeFeedOptions options, CancellationToken cancellationToken)
    {
        var query = new ChangeFeedQuery(
            accountId,
            Parse("since", since, 0, long.MaxValue, 0),
            (int)Parse("limit", limit, 1, options.MaxLimit, options.DefaultLimit),
            TimeSpan.FromSeconds(Parse("wait", wait, 0, options.MaxWaitSeconds, 0)));
        var page = await feed.ReadAsync(query, cancellationToken);
        var envelope = KazooEnvelope.Success(new JsonArray([.. page.Changes.Select(Entry)]));
        envelope["next"] = page.Next;
        return new KazooResult(StatusCodes.Status200OK, envelope);
    }

    private static JsonObject Entry(ChangeRow change) => new()
    {
        ["position"] = change.Position,
        ["account_id"] = change.AccountId,
        ["type"] = change.DocumentType,
        ["id"] = change.DocumentId,
        ["revision"] = change.Revision,
        ["operation"] = change.Operation,
        ["time"] = KazooTime.Iso(change.ChangedAt),
    };

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>, digits only; anything else is a 400.</summary>
    private static long Parse(string name, string? value, long minimum, long maximum, long absent)
    {
        if (value is null) return absent;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw KazooException.InvalidParameter(name, "Value is not a whole number from 0 up", ValueLimits.Printable(value));
        if (number < minimum || number > maximum)
            throw new KazooException(StatusCodes.Status400BadRequest, "validation error", new JsonObject
            {
                [name] = new JsonObject
                {
                    [number < minimum ? "minimum" : "maximum"] = new JsonObject
                    {
                        ["message"] = number < minimum ? $"Value must be at least {minimum}" : $"Value must be at most {maximum}",
                        ["target"] = number < minimum ? minimum : maximum,
                        ["value"] = value,
                    },
                },
            });
        return number;
    }
}
