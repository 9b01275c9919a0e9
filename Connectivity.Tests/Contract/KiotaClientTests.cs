using System.Net;
using Connectivity.Api.Auth;
using Connectivity.Tests.Api;
using Connectivity.Tests.Contract.Client;
using Connectivity.Tests.Contract.Client.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using ConnectivityDocument = Connectivity.Tests.Contract.Client.Models.Connectivity;

namespace Connectivity.Tests.Contract;

/// <summary>
/// The C# client Kiota generates from <c>spec/openapi.json</c> (committed under Contract/Client, and checked to be what
/// the tool generates today), used as an integrator would against the service on PostgreSQL.
/// </summary>
public sealed class KiotaClientTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private ConnectivityClient ClientWith(string token)
    {
        var http = api.Factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Auth-Token", token);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new ConnectivityClient(adapter);
    }

    private ConnectivityClient AccountClient(string accountId) =>
        ClientWith(TokenIssuer.Issue(api.Auth, accountId, superDuperAdmin: false));

    private static ConnectivityDocument Trunk(string accountId, string name, string did, string authUser, int? trunks = null) => new()
    {
        Name = name,
        // auth_realm is not a row of the spec table: the open schema keeps it, the client carries it as additional data.
        Account = new Connectivity_account { Trunks = trunks, AdditionalData = { ["auth_realm"] = $"{accountId}.sip.example.com" } },
        Servers =
        [
            new Connectivity_servers
            {
                Name = "pbx1",
                DIDs = new Connectivity_servers_DIDs { AdditionalData = { [did] = new UntypedObject(new Dictionary<string, UntypedNode>()) } },
                Auth = new Connectivity_servers_auth
                {
                    AuthMethod = Connectivity_servers_auth_auth_method.Password,
                    AuthUser = authUser,
                    AuthPassword = "s3cret",
                },
            },
        ],
    };

    [Fact]
    public async Task The_generated_client_creates_fetches_patches_and_deletes_a_document()
    {
        var accountId = ApiFixture.NewId();
        var documents = AccountClient(accountId).V2.Accounts[accountId].Connectivity;

        var created = await documents.PutAsync(new ConnectivityRequest { Data = Trunk(accountId, "Acme PBX", "4158867901", "acme1") });
        var id = created!.Data!.Id!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.StartsWith("1-", created.Revision);

        var fetched = await documents[id].GetAsync();
        Assert.Equal("Acme PBX", fetched!.Data!.Name);
        Assert.Equal("acme1", fetched.Data.Servers![0].Auth!.AuthUser);
        Assert.Contains("+14158867901", fetched.Data.Servers[0].DIDs!.AdditionalData.Keys);

        var patched = await documents[id].PatchAsync(
            new ConnectivityRequest { Data = new ConnectivityDocument { Name = "Acme PBX, renamed" } },
            request => request.Headers.Add("If-Match", fetched.Revision!));
        Assert.Equal("Acme PBX, renamed", patched!.Data!.Name);
        Assert.StartsWith("2-", patched.Revision);
        Assert.Equal("acme1", patched.Data.Servers![0].Auth!.AuthUser);

        await documents[id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ErrorEnvelope>(() => documents[id].GetAsync());
        Assert.Equal((int)HttpStatusCode.NotFound, gone.ResponseStatusCode);
        Assert.Equal("bad_identifier", gone.MessageEscaped);
    }

    [Fact]
    public async Task The_generated_client_lists_documents_with_a_filter()
    {
        var accountId = ApiFixture.NewId();
        var documents = AccountClient(accountId).V2.Accounts[accountId].Connectivity;
        var withTrunks = await documents.PutAsync(new ConnectivityRequest { Data = Trunk(accountId, "With trunks", "4158867902", "trunks1", trunks: 4) });
        await documents.PutAsync(new ConnectivityRequest { Data = Trunk(accountId, "Without trunks", "4158867903", "trunks2") });

        var all = await documents.GetAsync();
        var filtered = await documents.GetAsync(request => request.QueryParameters.HasKey = "account.trunks");

        Assert.Equal(2, all!.Data!.Count);
        Assert.Equal([withTrunks!.Data!.Id!], filtered!.Data!);
        Assert.Equal(1, filtered.PageSize);
    }

    [Fact]
    public async Task The_generated_client_reads_a_validation_error_back_as_data()
    {
        var accountId = ApiFixture.NewId();
        var documents = AccountClient(accountId).V2.Accounts[accountId].Connectivity;
        var document = Trunk(accountId, "Too long a caller id", "4158867904", "invalid1");
        document.Account!.CallerId = new Connectivity_account_caller_id { CidName = new string('x', 36) };

        var error = await Assert.ThrowsAsync<ValidationErrorEnvelope>(() => documents.PutAsync(new ConnectivityRequest { Data = document }));

        Assert.Equal((int)HttpStatusCode.BadRequest, error.ResponseStatusCode);
        Assert.Equal("validation error", error.MessageEscaped);
        var atPath = Assert.IsType<UntypedObject>(error.DataEscaped!.AdditionalData["account.caller_id.cid_name"]);
        var maxLength = Assert.IsType<UntypedObject>(atPath.GetValue()["maxLength"]);
        Assert.Equal("String must not be more than 35 characters", Assert.IsType<UntypedString>(maxLength.GetValue()["message"]).GetValue());
        Assert.Empty((await documents.GetAsync())!.Data!);
    }

    [Fact]
    public async Task The_generated_client_looks_up_where_a_DID_goes()
    {
        var accountId = ApiFixture.NewId();
        var created = await AccountClient(accountId).V2.Accounts[accountId].Connectivity
            .PutAsync(new ConnectivityRequest { Data = Trunk(accountId, "Lookup PBX", "4158867905", "lookup1") });
        var router = ClientWith(TokenIssuer.Issue(api.Auth, null, superDuperAdmin: false, scope: KazooClaims.LookupScope));

        var found = await router.V2.Lookups.Dids["4158867905"].GetAsync();

        Assert.Equal(accountId, found!.Data!.AccountId);
        Assert.Equal(created!.Data!.Id, found.Data.ConnectivityId);
        Assert.Equal("+14158867905", found.Data.Number);
        Assert.True(found.Data.Routable);
        Assert.Equal("pbx1", found.Data.Server!.Name);
    }
}
