using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Idempotency;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Connectivity.Domain.Numbers;

namespace Connectivity.Api.Ownership;

/// <summary>
/// The subset of Kazoo's <c>/v2/accounts/{ACCOUNT_ID}/phone_numbers</c> that decides who may route a number: an
/// account's tokens read its inventory; only super-duper admins add and release numbers.
/// </summary>
public static class PhoneNumbersApi
{
    public static RouteGroupBuilder MapPhoneNumbersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/accounts/{accountId}/phone_numbers")
            .RequireAccountAccess()
            .RequireKazooIds("accountId")
            .WithTags("PhoneNumbers");

        group.MapGet("", ListNumbers).WithName(nameof(ListNumbers))
            .WithSummary("The account's number inventory");
        group.MapGet("/{number}", GetNumber).WithName(nameof(GetNumber))
            .WithSummary("One number of the account's inventory");
        group.MapPut("/{number}", AddNumber).WithName(nameof(AddNumber)).RequireAuthorization(SuperDuperAdmin).WithIdempotency()
            .WithSummary("Add a number to the account's inventory (super-duper admins)");
        group.MapDelete("/{number}", ReleaseNumber).WithName(nameof(ReleaseNumber)).RequireAuthorization(SuperDuperAdmin).WithIdempotency()
            .WithSummary("Release a number from the account's inventory (super-duper admins)");
        return group;
    }

    public static async Task<KazooResult> ListNumbers(string accountId, NumberInventory inventory, CancellationToken cancellationToken)
    {
        var numbers = new JsonObject();
        foreach (var row in await inventory.ListAsync(accountId, cancellationToken)) numbers[row.Number] = Describe(row);
        return KazooResult.Ok(new JsonObject { ["numbers"] = numbers });
    }

    public static async Task<KazooResult> GetNumber(string accountId, string number, PhoneNumbers numbers, NumberInventory inventory, CancellationToken cancellationToken)
    {
        var row = await inventory.GetAsync(accountId, Normalized(numbers, number), cancellationToken);
        return KazooResult.Ok(WithId(row));
    }

    /// <summary>201 when added; 200 when the account already held the number, so a retried request succeeds.</summary>
    public static async Task<KazooResult> AddNumber(string accountId, string number, PhoneNumbers numbers, NumberInventory inventory,
        IdempotentRequest idempotent, CancellationToken cancellationToken)
    {
        idempotent.RespondWith<PhoneNumberRow>(added => Added(accountId, added));
        var (row, added) = await inventory.AddAsync(accountId, Normalized(numbers, number), cancellationToken);
        return added ? Added(accountId, row) : KazooResult.Ok(WithId(row));
    }

    private static KazooResult Added(string accountId, PhoneNumberRow row) =>
        KazooResult.Created(WithId(row), $"/v2/accounts/{accountId}/phone_numbers/{Uri.EscapeDataString(row.Number)}");

    /// <summary>Answers the number as it was, now <c>released</c>.</summary>
    public static async Task<KazooResult> ReleaseNumber(string accountId, string number, PhoneNumbers numbers, NumberInventory inventory,
        IdempotentRequest idempotent, CancellationToken cancellationToken)
    {
        idempotent.RespondWith<PhoneNumberRow>(Released);
        return Released(await inventory.ReleaseAsync(accountId, Normalized(numbers, number), cancellationToken));
    }

    private static KazooResult Released(PhoneNumberRow row)
    {
        var released = WithId(row);
        released["state"] = "released";
        return KazooResult.Ok(released);
    }

    private static void SuperDuperAdmin(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) =>
        policy.RequireAssertion(context => context.User.IsSuperDuperAdmin());

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
            ["created"] = KazooTime.GregorianSeconds(row.CreatedAt),
            ["updated"] = KazooTime.GregorianSeconds(row.UpdatedAt),
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
}
