using System.Net;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Lookups;

/// <summary>Lookups answer call routers (the lookup scope) and super-duper admins, nobody else.</summary>
public sealed class LookupAccessTests(ApiFixture api) : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private readonly string _account = ApiFixture.NewId();
    private readonly string _number = TestDocuments.NewNumber();
    private readonly string _user = TestDocuments.NewUser();
    private readonly string _ip = LookupTesting.NewIp();
    private readonly string _realm = TestDocuments.NewRealm();

    public async Task InitializeAsync()
    {
        var document = LookupTesting.IpTrunk(_ip, _number).WithSecondServer("registering");
        document["servers"]![1]!["auth"]!["auth_user"] = _user;
        document["account"]!["auth_realm"] = _realm;
        var created = await api.AccountClient(_account).PutAsync(Collection(_account), document);
        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Lookups() => ["dids", "credentials", "ips"];

    private string PathOf(string lookup) => lookup switch
    {
        "dids" => LookupTesting.Did(_number),
        "credentials" => LookupTesting.Credential(_realm, _user),
        _ => LookupTesting.Ip(_ip),
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task A_token_with_the_lookup_scope_may_look_up(string lookup)
    {
        var response = await api.LookupClient().GetAsync(PathOf(lookup));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("success", response.Body!["status"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task A_superduper_admin_may_look_up(string lookup)
    {
        var response = await api.AdminClient().GetAsync(PathOf(lookup));
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task An_account_token_is_403_even_for_its_own_account(string lookup)
    {
        var response = await api.AccountClient(_account).GetAsync(PathOf(lookup));
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("forbidden", response.Message);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task A_token_with_other_scopes_only_is_403(string lookup)
    {
        var token = TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: "connectivity:read connectivity:lookups");
        var response = await api.Client(token).GetAsync(PathOf(lookup));
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task No_token_is_401_invalid_credentials(string lookup)
    {
        var response = await api.Client(null).GetAsync(PathOf(lookup));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_credentials", response.Message);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task Another_verb_on_a_lookup_is_405(string lookup)
    {
        var response = await api.LookupClient().DeleteAsync(PathOf(lookup));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }
}
