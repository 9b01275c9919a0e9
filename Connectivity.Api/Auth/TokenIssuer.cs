using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connectivity.Api.Auth;

/// <summary>Issues HS256 tokens with the configured key, for local use and tests.</summary>
public static class TokenIssuer
{
    public static string Issue(
        AuthOptions options, string? accountId, bool superDuperAdmin, string? scope = null, TimeSpan? lifetime = null, TimeProvider? clock = null)
    {
        var key = SigningKeys.Symmetric(options)
                  ?? throw new InvalidOperationException("Issuing a token needs Auth:SigningKey (Auth__SigningKey).");
        var claims = new Dictionary<string, object>();
        if (accountId is not null) claims[KazooClaims.AccountId] = accountId;
        if (superDuperAdmin) claims[KazooClaims.SuperDuperAdmin] = true;
        if (scope is not null) claims[KazooClaims.Scope] = scope;
        var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Subject = new ClaimsIdentity(),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
