using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Ownership;

/// <summary>
/// A SIP realm belongs to one account: registrars find the account from the realm, so no other account's document
/// may name it, whoever writes it.
/// </summary>
public sealed class RealmOwnershipTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _owner = ApiFixture.NewId();
    private readonly string _other = ApiFixture.NewId();
    private readonly string _realm = TestDocuments.NewRealm();

    private static JsonObject InRealm(string realm)
    {
        var document = TestDocuments.Trunk(TestDocuments.NewNumber());
        document["account"]!["auth_realm"] = realm;
        return document;
    }

    [Fact]
    public async Task A_realm_another_accounts_document_names_is_403_for_account_tokens_and_admins_alike()
    {
        await api.AccountClient(_owner).PutAsync(Collection(_owner), InRealm(_realm));

        var byAccount = await api.AccountClient(_other).PutAsync(Collection(_other), InRealm(_realm.ToUpperInvariant()));
        var byAdmin = await api.AdminClient().PutAsync(Collection(_other), InRealm(_realm));
        var stored = await api.AdminClient().GetAsync(Collection(_other));

        Assert.Equal(HttpStatusCode.Forbidden, byAccount.Status);
        Assert.Equal("forbidden", byAccount.Message);
        Assert.Equal(_realm, byAccount.Data!["realm"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.Status);
        Assert.Empty(stored.Data!.AsArray());
    }

    [Fact]
    public async Task Patching_a_document_into_another_accounts_realm_is_403_and_changes_nothing()
    {
        await api.AccountClient(_owner).PutAsync(Collection(_owner), InRealm(_realm));
        var mine = await api.AccountClient(_other).PutAsync(Collection(_other), InRealm(TestDocuments.NewRealm()));

        var refused = await api.AccountClient(_other).PatchAsync(Document(_other, mine.Id),
            new JsonObject { ["account"] = new JsonObject { ["auth_realm"] = _realm } });
        var after = await api.AccountClient(_other).GetAsync(Document(_other, mine.Id));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(mine.Revision, after.Revision);
    }

    [Fact]
    public async Task An_account_names_its_own_realm_on_as_many_documents_as_it_likes()
    {
        var first = await api.AccountClient(_owner).PutAsync(Collection(_owner), InRealm(_realm));
        var second = await api.AccountClient(_owner).PutAsync(Collection(_owner), InRealm(_realm));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
    }

    [Fact]
    public async Task A_realm_is_free_again_once_no_live_document_of_its_account_names_it()
    {
        var owner = api.AccountClient(_owner);
        var deleted = await owner.PutAsync(Collection(_owner), InRealm(_realm));
        var moved = await owner.PutAsync(Collection(_owner), InRealm(_realm));

        await owner.DeleteAsync(Document(_owner, deleted.Id));
        var whileOneRemains = await api.AccountClient(_other).PutAsync(Collection(_other), InRealm(_realm));
        var elsewhere = (JsonObject)moved.DataObject.DeepClone();
        elsewhere["account"]!["auth_realm"] = TestDocuments.NewRealm();
        await owner.PostAsync(Document(_owner, moved.Id), elsewhere);
        var afterwards = await api.AccountClient(_other).PutAsync(Collection(_other), InRealm(_realm));

        Assert.Equal(HttpStatusCode.Forbidden, whileOneRemains.Status);
        Assert.Equal(HttpStatusCode.Created, afterwards.Status);
    }

    [Fact]
    public async Task Accounts_racing_to_claim_one_new_realm_leave_it_to_exactly_one_of_them()
    {
        var accounts = Enumerable.Range(0, 6).Select(_ => ApiFixture.NewId()).ToArray();

        var attempts = await Task.WhenAll(accounts.SelectMany(account => new[] { account, account }).Select(async account =>
            (Account: account, Response: await api.AccountClient(account).PutAsync(Collection(account), InRealm(_realm)))));

        var winners = attempts.Where(a => a.Response.Status == HttpStatusCode.Created).Select(a => a.Account).Distinct().ToList();
        Assert.Single(winners);
        Assert.All(attempts.Where(a => a.Account != winners[0]), a => Assert.Equal(HttpStatusCode.Forbidden, a.Response.Status));
        Assert.All(attempts.Where(a => a.Account == winners[0]), a => Assert.Equal(HttpStatusCode.Created, a.Response.Status));
    }
}
