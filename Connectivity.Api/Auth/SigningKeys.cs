using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Connectivity.Api.Auth;

/// <summary>Turns the configured key material into the keys tokens are checked (and, for HS256, issued) with.</summary>
public static class SigningKeys
{
    public static SymmetricSecurityKey? Symmetric(AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey)) return null;
        var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
        if (bytes.Length < AuthOptions.MinimumSigningKeyBytes)
            throw new InvalidOperationException(
                $"Auth:SigningKey must be at least {AuthOptions.MinimumSigningKeyBytes} bytes of UTF-8 (got {bytes.Length}).");
        return new SymmetricSecurityKey(bytes);
    }

    public static IReadOnlyList<SecurityKey> All(AuthOptions options)
    {
        var keys = new List<SecurityKey>();
        if (Symmetric(options) is { } symmetric) keys.Add(symmetric);
        foreach (var pem in options.PublicKeys.Where(p => !string.IsNullOrWhiteSpace(p)))
            keys.Add(PublicKey(pem));
        if (keys.Count == 0)
            throw new InvalidOperationException("No token keys are configured: set Auth:SigningKey (Auth__SigningKey) or Auth:PublicKeys.");
        return keys;
    }

    /// <summary>An RSA key for RS256 or an EC key for ES256, whichever the PEM holds.</summary>
    private static SecurityKey PublicKey(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException("An Auth:PublicKeys entry is neither an RSA nor an EC public key in PEM form.", e);
        }
    }
}
