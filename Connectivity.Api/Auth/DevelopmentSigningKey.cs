using System.Security.Cryptography;

namespace Connectivity.Api.Auth;

/// <summary>
/// In Development with no configured key, a random key is made once and kept beside the embedded database,
/// so tokens printed by the <c>token</c> command keep working across restarts.
/// </summary>
public static class DevelopmentSigningKey
{
    public static string LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "signing-key");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(dataDirectory);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
