using System.Net;
using Connectivity.Tests.Api;

namespace Connectivity.Tests.Ownership;

/// <summary>Paths and set-up for the number inventory tests.</summary>
internal static class Inventory
{
    public static string NumbersOf(string accountId) => $"/v2/accounts/{accountId}/phone_numbers";

    /// <summary>The number URL-encoded, as Kazoo clients send it (<c>%2B14155550100</c>).</summary>
    public static string Number(string accountId, string number) => $"{NumbersOf(accountId)}/{Uri.EscapeDataString(number)}";

    /// <summary>Adds <paramref name="numbers"/> to the account's inventory with an admin token.</summary>
    public static async Task AddNumbersAsync(this ApiFixture api, string accountId, params string[] numbers)
    {
        foreach (var number in numbers)
        {
            var added = await api.AdminClient().PutAsync(Number(accountId, number), new System.Text.Json.Nodes.JsonObject());
            Assert.Equal(HttpStatusCode.Created, added.Status);
        }
    }

    /// <summary><c>used_by</c> of an inventory number, null when no document routes it.</summary>
    public static async Task<string?> UsedByAsync(this ApiFixture api, string accountId, string number)
    {
        var response = await api.AdminClient().GetAsync(Number(accountId, number));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Data!["used_by"]?.GetValue<string>();
    }
}
