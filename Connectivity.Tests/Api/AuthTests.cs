using System.Net;
using System.Text;
using Connectivity.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Api;

public sealed class AuthTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly string _account = ApiFixture.NewId();

    [Fact]
    public async Task No_token_is_401_invalid_credentials()
    {
        var response = await api.Client(null).GetAsync(Collection(_account));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_credentials", response.Message);
        Assert.Equal("401", response.Body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var forged = TokenIssuer.Issue(new AuthOptions { SigningKey = "another-signing-key-that-is-long-enough-000" }, _account, false);
        var response = await api.Client(forged).GetAsync(Collection(_account));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task A_token_accepted_once_does_not_lend_its_standing_to_a_tampered_copy()
    {
        var genuine = TokenIssuer.Issue(api.Auth, _account, superDuperAdmin: false);
        Assert.Equal(HttpStatusCode.OK, (await api.Client(genuine).GetAsync(Collection(_account))).Status);

        var tampered = genuine[..^5] + (genuine[^5] == 'A' ? 'B' : 'A') + genuine[^4..];
        var parts = genuine.Split('.');
        var otherPayload = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace(_account, ApiFixture.NewId(), StringComparison.Ordinal));
        var reclaimed = $"{parts[0]}.{otherPayload}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client(tampered).GetAsync(Collection(_account))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client(reclaimed).GetAsync(Collection(_account))).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Client(genuine).GetAsync(Collection(_account))).Status);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var expired = Sign(new Dictionary<string, object> { ["account_id"] = _account }, expires: DateTime.UtcNow.AddMinutes(-5));
        var response = await api.Client(expired).GetAsync(Collection(_account));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task A_token_without_exp_is_401()
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["account_id"] = _account },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiFixture.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        var response = await api.Client(token).GetAsync(Collection(_account));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var unsigned = $"{Part("""{"alg":"none","typ":"JWT"}""")}.{Part($$"""{"account_id":"{{_account}}","is_superduper_admin":true,"exp":{{exp}}}""")}.";
        var response = await api.Client(unsigned).GetAsync(Collection(_account));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task A_token_for_another_account_is_403_forbidden()
    {
        var response = await api.AccountClient(ApiFixture.NewId()).GetAsync(Collection(_account));
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("forbidden", response.Message);
    }

    [Fact]
    public async Task A_superduper_admin_token_may_use_every_account()
    {
        var response = await api.AdminClient().GetAsync(Collection(ApiFixture.NewId()));
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task The_token_is_also_taken_from_the_auth_token_query_parameter_when_the_setting_allows_it()
    {
        using var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("Auth:AllowQueryStringToken", "true"));
        var token = TokenIssuer.Issue(api.Auth, _account, false);
        var response = await new KazooClient(factory.CreateClient(), null).GetAsync(Collection(_account) + "?auth_token=" + token);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(token, response.Body!["auth_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_refused_with_401_naming_the_header_outside_development()
    {
        var token = TokenIssuer.Issue(api.Auth, _account, false);

        var response = await api.Client(null).GetAsync(Collection(_account) + "?auth_token=" + token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_credentials", response.Message);
        Assert.Equal("auth_token is not accepted in the query string; send the X-Auth-Token header",
            response.DataObject["message"]!.GetValue<string>());
        Assert.Null(response.Body!["auth_token"]);
    }

    [Fact]
    public async Task A_token_in_the_header_is_used_whatever_the_query_string_carries()
    {
        var response = await api.AccountClient(_account).GetAsync(Collection(_account) + "?auth_token=not-a-token");
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Development_accepts_a_token_in_the_query_string_unless_the_setting_turns_it_off()
    {
        var token = TokenIssuer.Issue(api.Auth, _account, false);
        using var development = api.Factory.WithWebHostBuilder(web => web.UseEnvironment("Development"));
        using var turnedOff = api.Factory.WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("Auth:AllowQueryStringToken", "false");
        });

        var accepted = await new KazooClient(development.CreateClient(), null).GetAsync(Collection(_account) + "?auth_token=" + token);
        var refused = await new KazooClient(turnedOff.CreateClient(), null).GetAsync(Collection(_account) + "?auth_token=" + token);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (accepted.Status, refused.Status));
    }

    [Fact]
    public async Task The_token_is_also_taken_from_the_request_envelope_and_echoed_back()
    {
        var token = TokenIssuer.Issue(api.Auth, _account, false);
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["auth_token"] = token,
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "envelope token" },
        };

        var response = await api.Client(null).SendRawAsync(HttpMethod.Put, Collection(_account), body.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal("envelope token", response.DataObject["name"]!.GetValue<string>());
        Assert.Equal(token, response.Body!["auth_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_token_in_the_request_envelope_is_401()
    {
        var response = await api.Client(null).SendRawAsync(HttpMethod.Put, Collection(_account),
            """{"auth_token": "not-a-token", "data": {"name": "x"}}""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("RS256")]
    public async Task A_token_signed_with_a_configured_public_keys_private_half_is_accepted(string algorithm)
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var (publicPem, signingKey) = algorithm == "ES256"
            ? (ecdsa.ExportSubjectPublicKeyInfoPem(), (SecurityKey)new ECDsaSecurityKey(ecdsa))
            : (rsa.ExportSubjectPublicKeyInfoPem(), new RsaSecurityKey(rsa));
        using var factory = api.Factory.WithWebHostBuilder(web => web.UseSetting("Auth:PublicKeys:0", publicPem));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["account_id"] = _account },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(signingKey, algorithm),
        });

        var accepted = await new KazooClient(factory.CreateClient(), token).GetAsync(Collection(_account));
        var elsewhere = await api.Client(token).GetAsync(Collection(_account));

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.Status);
    }

    private static string Sign(Dictionary<string, object> claims, DateTime expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiFixture.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
}
