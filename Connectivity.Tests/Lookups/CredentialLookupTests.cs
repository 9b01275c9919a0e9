using System.Net;
using System.Text.Json.Nodes;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Api.KazooClient;
using Doc = Connectivity.Tests.Documents.Json;

namespace Connectivity.Tests.Lookups;

public sealed class CredentialLookupTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();
    private KazooClient Owner => api.AccountClient(_account);
    private KazooClient Router => api.LookupClient();

    private static JsonObject Registering(string realm, string user)
    {
        var document = TestDocuments.Trunk();
        document["account"]!["auth_realm"] = realm;
        document["servers"]![0]!["auth"]!["auth_user"] = user;
        return document;
    }

    private static string NewRealm() => $"Pbx-{Guid.NewGuid():N}.Example.com";

    [Fact]
    public async Task Credentials_answer_with_the_server_and_the_secret_the_registrar_needs()
    {
        var realm = NewRealm();
        var created = await Owner.PutAsync(Collection(_account), Registering(realm, "Front-Desk"));

        var response = await Router.GetAsync(LookupTesting.Credential(realm, "Front-Desk"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Doc.AssertEqual(Doc.Object($$"""
            {"account_id":"{{_account}}","connectivity_id":"{{created.Id}}","server":{"index":0,"name":"pbx1"},
             "realm":"{{realm}}","username":"Front-Desk","routable":true,
             "auth":{"auth_method":"password","auth_user":"Front-Desk","auth_password":"s3cret-password"} }
            """), response.Data);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Realm_and_username_match_whatever_their_case(bool upperRealm, bool upperUser)
    {
        var realm = NewRealm();
        var user = "Mixed-" + TestDocuments.NewUser();
        await Owner.PutAsync(Collection(_account), Registering(realm, user));

        var response = await Router.GetAsync(LookupTesting.Credential(
            upperRealm ? realm.ToUpperInvariant() : realm.ToLowerInvariant(), upperUser ? user.ToUpperInvariant() : user.ToLowerInvariant()));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(realm, response.Data!["realm"]!.GetValue<string>());
        Assert.Equal(user, response.Data!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_disabled_server_names_its_owner_but_gets_no_secret()
    {
        var realm = NewRealm();
        var document = Registering(realm, "closed");
        document["servers"]![0]!["options"]!["enabled"] = false;
        await Owner.PutAsync(Collection(_account), document);

        var response = await Router.GetAsync(LookupTesting.Credential(realm, "closed"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(response.Data!["routable"]!.GetValue<bool>());
        Assert.Equal("server disabled", response.Data!["not_routable"]!.GetValue<string>());
        Assert.DoesNotContain("s3cret-password", response.Body!.ToJsonString());
    }

    [Fact]
    public async Task Unknown_credentials_are_404()
    {
        var response = await Router.GetAsync(LookupTesting.Credential(NewRealm(), "nobody"));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("not_found", response.Message);
    }

    [Fact]
    public async Task An_IP_authenticated_server_has_no_credentials_to_look_up()
    {
        var realm = NewRealm();
        var document = Registering(realm, "by-ip");
        document["servers"]![0]!["auth"]!["auth_method"] = "IP";
        document["servers"]![0]!["auth"]!["ip"] = LookupTesting.NewIp();
        await Owner.PutAsync(Collection(_account), document);

        var response = await Router.GetAsync(LookupTesting.Credential(realm, "by-ip"));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task Credentials_of_a_deleted_document_are_404()
    {
        var realm = NewRealm();
        var created = await Owner.PutAsync(Collection(_account), Registering(realm, "gone"));
        await Owner.DeleteAsync(Document(_account, created.Id));

        var response = await Router.GetAsync(LookupTesting.Credential(realm, "gone"));

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task A_changed_username_answers_at_once_and_the_old_one_no_longer_does()
    {
        var realm = NewRealm();
        var created = await Owner.PutAsync(Collection(_account), Registering(realm, "before"));

        var changed = await Owner.PostAsync(Document(_account, created.Id), Registering(realm, "after"));
        var old = await Router.GetAsync(LookupTesting.Credential(realm, "before"));
        var current = await Router.GetAsync(LookupTesting.Credential(realm, "after"));

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(HttpStatusCode.NotFound, old.Status);
        Assert.Equal(created.Id, current.Data!["connectivity_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credentials_held_by_another_document_of_the_account_are_409_naming_them_and_the_holder()
    {
        var realm = NewRealm();
        var holder = await Owner.PutAsync(Collection(_account), Registering(realm, "shared"));

        var clash = await Owner.PutAsync(Collection(_account), Registering(realm.ToUpperInvariant(), "SHARED"));

        Assert.Equal(HttpStatusCode.Conflict, clash.Status);
        Assert.Equal("datastore_conflict", clash.Message);
        Doc.AssertEqual(JsonNode.Parse($$"""[{"realm":"{{realm.ToLowerInvariant()}}","username":"shared","connectivity_id":"{{holder.Id}}"}]"""),
            clash.Data!["credentials"]);
    }

    [Fact]
    public async Task Credentials_in_a_realm_of_another_account_are_403_without_naming_the_other_document()
    {
        var realm = NewRealm();
        var otherAccount = ApiFixture.NewId();
        var holder = await api.AccountClient(otherAccount).PutAsync(Collection(otherAccount), Registering(realm, "taken"));

        var clash = await Owner.PutAsync(Collection(_account), Registering(realm, "Taken"));
        var lookup = await Router.GetAsync(LookupTesting.Credential(realm, "taken"));

        Assert.Equal(HttpStatusCode.Forbidden, clash.Status);
        Assert.DoesNotContain(holder.Id, clash.Body!.ToJsonString());
        Assert.Equal(holder.Id, lookup.Data!["connectivity_id"]!.GetValue<string>());
    }
}
