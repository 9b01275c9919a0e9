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

    private static readonly string[] LookupNames = ["dids", "credentials", "ips"];

    public static TheoryData<string> Lookups() => [.. LookupNames];

    /// <summary>Each lookup, asked by each kind of caller, with the answer that caller gets.</summary>
    public static TheoryData<string, string, HttpStatusCode, string?> Callers()
    {
        var rows = new TheoryData<string, string, HttpStatusCode, string?>();
        foreach (var lookup in LookupNames)
        {
            rows.Add(lookup, "lookup scope", HttpStatusCode.OK, null);
            rows.Add(lookup, "superduper admin", HttpStatusCode.OK, null);
            rows.Add(lookup, "account token, own account", HttpStatusCode.Forbidden, "forbidden");
            rows.Add(lookup, "other scopes only", HttpStatusCode.Forbidden, "forbidden");
            rows.Add(lookup, "no token", HttpStatusCode.Unauthorized, "invalid_credentials");
        }
        return rows;
    }

    private string PathOf(string lookup) => lookup switch
    {
        "dids" => LookupTesting.Did(_number),
        "credentials" => LookupTesting.Credential(_realm, _user),
        _ => LookupTesting.Ip(_ip),
    };

    private KazooClient ClientOf(string caller) => caller switch
    {
        "lookup scope" => api.LookupClient(),
        "superduper admin" => api.AdminClient(),
        "account token, own account" => api.AccountClient(_account),
        "other scopes only" => api.Client(TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: "connectivity:read connectivity:lookups")),
        _ => api.Client(null),
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Only_the_lookup_scope_and_superduper_admins_may_look_up(string lookup, string caller, HttpStatusCode status, string? message)
    {
        var response = await ClientOf(caller).GetAsync(PathOf(lookup));

        Assert.Equal(status, response.Status);
        Assert.Equal(status == HttpStatusCode.OK ? "success" : "error", response.Body!["status"]!.GetValue<string>());
        Assert.Equal(message, response.Message);
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task Another_verb_on_a_lookup_is_405(string lookup)
    {
        var response = await api.LookupClient().DeleteAsync(PathOf(lookup));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }
}
