using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Ownership.Inventory;

namespace Connectivity.Tests.Ownership;

/// <summary>Kazoo's <c>phone_numbers</c> inventory: admins add and release numbers, accounts read their own.</summary>
public sealed class PhoneNumbersApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Admin => api.AdminClient();
    private KazooClient Account => api.AccountClient(_account);

    [Fact]
    public async Task An_admin_adds_a_number_and_the_account_reads_it_back_in_kazoos_shape()
    {
        var number = TestDocuments.NewNumber();

        var added = await Admin.PutAsync(Number(_account, number), new JsonObject());
        var fetched = await Account.GetAsync(Number(_account, number));
        var listed = await Account.GetAsync(NumbersOf(_account));

        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal(Number(_account, number), added.Header("Location"));
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(number, fetched.Data!["id"]!.GetValue<string>());
        Assert.Equal("in_service", fetched.Data!["state"]!.GetValue<string>());
        Assert.Equal(_account, fetched.Data!["assigned_to"]!.GetValue<string>());
        Assert.True(fetched.Data!["created"]!.GetValue<long>() > 63_000_000_000, "created is in Gregorian seconds");
        var entry = listed.Data!["numbers"]![number]!.AsObject();
        Assert.Equal("in_service", entry["state"]!.GetValue<string>());
        Assert.False(entry.ContainsKey("used_by"));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("{1}")]
    [InlineData("{2}")]
    [InlineData("%2B1%20{2}")]
    public async Task A_number_is_found_whatever_common_form_the_path_gives_it_in(string form)
    {
        var number = TestDocuments.NewNumber();
        await api.AddNumbersAsync(_account, number);
        var path = $"{NumbersOf(_account)}/{string.Format(System.Globalization.CultureInfo.InvariantCulture, form, Uri.EscapeDataString(number), number[1..], number[2..])}";

        var fetched = await Account.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(number, fetched.Data!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Adding_a_number_the_account_already_holds_again_is_200_and_changes_nothing()
    {
        var number = TestDocuments.NewNumber();
        var first = await Admin.PutAsync(Number(_account, number), new JsonObject());

        var again = await Admin.PutAsync(Number(_account, number), new JsonObject());

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Data!["created"]!.GetValue<long>(), again.Data!["created"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_number_in_another_accounts_inventory_is_409_until_released_there()
    {
        var number = TestDocuments.NewNumber();
        var holder = ApiFixture.NewId();
        await api.AddNumbersAsync(holder, number);

        var refused = await Admin.PutAsync(Number(_account, number), new JsonObject());
        var mine = await Account.GetAsync(NumbersOf(_account));
        await Admin.DeleteAsync(Number(holder, number));
        var afterRelease = await Admin.PutAsync(Number(_account, number), new JsonObject());

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(holder, refused.Data!["assigned_to"]!.GetValue<string>());
        Assert.Empty(mine.Data!["numbers"]!.AsObject());
        Assert.Equal(HttpStatusCode.Created, afterRelease.Status);
    }

    [Fact]
    public async Task Releasing_a_number_takes_it_out_of_the_inventory()
    {
        var number = TestDocuments.NewNumber();
        await api.AddNumbersAsync(_account, number);

        var released = await Admin.DeleteAsync(Number(_account, number));
        var fetched = await Account.GetAsync(Number(_account, number));
        var listed = await Account.GetAsync(NumbersOf(_account));
        var again = await Admin.DeleteAsync(Number(_account, number));

        Assert.Equal(HttpStatusCode.OK, released.Status);
        Assert.Equal("released", released.Data!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, fetched.Status);
        Assert.False(listed.Data!["numbers"]!.AsObject().ContainsKey(number));
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task Account_tokens_may_not_add_or_release_numbers_even_on_their_own_account()
    {
        var held = TestDocuments.NewNumber();
        var wanted = TestDocuments.NewNumber();
        await api.AddNumbersAsync(_account, held);

        var add = await Account.PutAsync(Number(_account, wanted), new JsonObject());
        var release = await Account.DeleteAsync(Number(_account, held));
        var listed = await Account.GetAsync(NumbersOf(_account));

        Assert.Equal(HttpStatusCode.Forbidden, add.Status);
        Assert.Equal("forbidden", add.Message);
        Assert.Equal(HttpStatusCode.Forbidden, release.Status);
        Assert.Equal([held], listed.Data!["numbers"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task An_account_may_not_read_another_accounts_inventory_or_see_its_numbers()
    {
        var number = TestDocuments.NewNumber();
        var other = ApiFixture.NewId();
        await api.AddNumbersAsync(other, number);

        var list = await Account.GetAsync(NumbersOf(other));
        var one = await Account.GetAsync(Number(other, number));
        var throughOwnAccount = await Account.GetAsync(Number(_account, number));

        Assert.Equal(HttpStatusCode.Forbidden, list.Status);
        Assert.Equal(HttpStatusCode.Forbidden, one.Status);
        Assert.Equal(HttpStatusCode.NotFound, throughOwnAccount.Status);
    }

    [Theory]
    [InlineData("GET", "not-a-number")]
    [InlineData("PUT", "1-800-FLOWERS")]
    [InlineData("DELETE", "%2B")]
    [InlineData("PUT", "123")]
    public async Task A_path_that_is_not_a_phone_number_is_400(string method, string number)
    {
        var response = await Admin.SendRawAsync(new HttpMethod(method), $"{NumbersOf(_account)}/{number}", method == "PUT" ? "{\"data\":{}}" : null);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("validation error", response.Message);
    }

    [Fact]
    public async Task A_malformed_account_id_is_404_bad_identifier()
    {
        var response = await Admin.GetAsync(NumbersOf("not-an-account"));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("bad_identifier", response.Message);
    }
}
