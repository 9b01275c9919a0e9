using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Connectivity.Api.Auth;

/// <summary>
/// Tokens this replica validated recently, by their exact text: a call router or billing system sends the same token on
/// every request, and checking its signature and claims each time was the largest fixed cost of a request. Only a
/// token that passed validation is remembered, so garbage cannot fill the cache; entries end at the token's
/// <c>exp</c> or after <see cref="AuthOptions.ValidatedTokenCacheSeconds"/>, whichever comes first.
/// </summary>
public sealed class ValidatedTokens(int cacheSeconds, TimeProvider clock) : IDisposable
{
    private const int MaxTokens = 10_000;
    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = MaxTokens });

    public bool TryGet(string token, out ClaimsPrincipal principal) =>
        _tokens.TryGetValue(token, out principal!) && principal is not null;

    public void Remember(JsonWebToken token, ClaimsPrincipal principal)
    {
        if (cacheSeconds <= 0) return;
        var until = clock.GetUtcNow().AddSeconds(cacheSeconds);
        if (token.ValidTo != DateTime.MinValue && token.ValidTo < until.UtcDateTime) until = new DateTimeOffset(token.ValidTo, TimeSpan.Zero);
        _tokens.Set(token.EncodedToken, principal, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
    }

    public void Dispose() => _tokens.Dispose();
}
