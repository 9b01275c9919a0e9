using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Numbers;

namespace Connectivity.Api.Ownership;

/// <summary>
/// The subset of Kazoo's <c>/v2/accounts/{ACCOUNT_ID}/phone_numbers</c> that decides who may route a number: an
/// account's tokens read its inventory; only super-duper admins add and release numbers.
/// </summary>
public static class PhoneNumbersApi
{
    // Kazoo's timestamps are Gregorian seconds (seconds since year 0); this is 1970-01-01 in them.
    private const long GregorianUnixEpoch = 62_167_219_200;

    public static RouteGroupBuilder MapPhoneNumbersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/accounts/{accountId}/phone_numbers").RequireAccountAccess().WithTags("PhoneNumbers");

        group.MapGet("", ListNumbers).WithName(nameof(ListNumbers));
        group.MapGet("/{number}", GetNumber).WithName(nameof(GetNumber));
        group.MapPut("/{number}", AddNumber).WithName(nameof(AddNumber)).RequireAuthorization(SuperDuperAdmin);
        group.MapDelete("/{number}", ReleaseNumber).WithName(nameof(ReleaseNumber)).RequireAuthorization(SuperDuperAdmin);
        return group;
    }

    public static async Task<KazooResult> ListNumbers(string accountId, HttpContext context, NumberInventory inventory)
    {
        EnsureAccountId(accountId);
        var numbers = new JsonObject();
        foreach (var row in await inventory.ListAsync(accountId, context.RequestAborted)) numbers[row.Number] = Describe(row);
        return KazooResult.Ok(context, new JsonObject { ["numbers"] = numbers });
    }

    public static async Task<KazooResult> GetNumber(string accountId, string number, HttpContext context, PhoneNumbers numbers, NumberInventory inventory)
    {
        EnsureAccountId(accountId);
        var row = await inventory.GetAsync(accountId, Normalized(numbers, number), context.RequestAborted);
        return KazooResult.Ok(context, WithId(row));
    }

    /// <summary>201 when added; 200 when the account already held the number, so a retried request succeeds.</summary>
    public static async Task<KazooResult> AddNumber(string accountId, string number, HttpContext context, PhoneNumbers numbers, NumberInventory inventory)
    {
        EnsureAccountId(accountId);
        var (row, added) = await inventory.AddAsync(accountId, Normalized(numbers, number), context.RequestAborted);
        if (!added) return KazooResult.Ok(context, WithId(row));
        return new KazooResult(StatusCodes.Status201Created, KazooEnvelope.Success(context, WithId(row)))
        {
            Location = $"/v2/accounts/{accountId}/phone_numbers/{Uri.EscapeDataString(row.Number)}",
        };
    }

    /// <summary>Answers the number as it was, now <c>released</c>.</summary>
    public static async Task<KazooResult> ReleaseNumber(string accountId, string number, HttpContext context, PhoneNumbers numbers, NumberInventory inventory)
    {
        EnsureAccountId(accountId);
        var row = await inventory.ReleaseAsync(accountId, Normalized(numbers, number), context.RequestAborted);
        var released = WithId(row);
        released["state"] = "released";
        return KazooResult.Ok(context, released);
    }

    private static void SuperDuperAdmin(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireAssertion(context => context.User.IsSuperDuperAdmin());

    private static void EnsureAccountId(string accountId)
    {
        if (!DocumentIds.IsValid(accountId)) throw KazooException.BadIdentifier(accountId);
    }

    /// <summary>The number in E.164, however the client wrote it (<c>%2B14158867900</c>, <c>4158867900</c>).</summary>
    private static string Normalized(PhoneNumbers numbers, string number) =>
        numbers.TryNormalize(number, out var e164)
            ? e164
            : throw KazooException.InvalidParameter("number", "Value is not a valid phone number", number);

    /// <summary>An inventory entry as Kazoo lists it; <c>used_by</c> only while a document routes the number.</summary>
    private static JsonObject Describe(PhoneNumberRow row)
    {
        var entry = new JsonObject
        {
            ["assigned_to"] = row.AccountId,
            ["state"] = row.State,
            ["created"] = Gregorian(row.CreatedAt),
            ["updated"] = Gregorian(row.UpdatedAt),
        };
        if (row.UsedBy is not null) entry["used_by"] = row.UsedBy;
        return entry;
    }

    private static JsonObject WithId(PhoneNumberRow row)
    {
        var entry = Describe(row);
        entry["id"] = row.Number;
        return entry;
    }

    private static long Gregorian(DateTimeOffset time) => time.ToUnixTimeSeconds() + GregorianUnixEpoch;
}
