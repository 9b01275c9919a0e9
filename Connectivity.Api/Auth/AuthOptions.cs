namespace Connectivity.Api.Auth;

/// <summary>Token validation settings under the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>HS256 key: the UTF-8 bytes of this string, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>PEM-encoded RSA or EC public keys accepted for RS256 / ES256 tokens.</summary>
    public List<string> PublicKeys { get; set; } = [];

    /// <summary>
    /// Whether <c>?auth_token=</c> is read: URLs end up in proxy logs and browser history, so by default only in
    /// Development. The header and the request envelope are always read.
    /// </summary>
    public bool? AllowQueryStringToken { get; set; }

    /// <summary>
    /// How long a token, once validated, is taken at its word without checking its signature again (never past its
    /// <c>exp</c>); 0 validates every request. A key removed from the settings stops working after at most this long.
    /// </summary>
    public int ValidatedTokenCacheSeconds { get; set; } = 60;

    public string? Issuer { get; set; }
    public string? Audience { get; set; }
}
