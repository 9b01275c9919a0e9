using System.Text.Json.Nodes;

namespace Connectivity.Domain.Documents;

public enum AuthMethod
{
    /// <summary>An auth_method value the schema's enum will reject.</summary>
    Unknown,
    Password,
    Ip,
}

public static class AuthMethods
{
    /// <summary>The server's auth mechanism; a missing auth_method is the schema default, password.</summary>
    public static AuthMethod Of(JsonObject auth)
    {
        if (!DocumentShape.IsPresent(auth, "auth_method")) return AuthMethod.Password;
        if (!DocumentShape.TryGetString(auth, "auth_method", out var method)) return AuthMethod.Unknown;
        return method switch
        {
            "password" or "Password" => AuthMethod.Password,
            "IP" or "ip" => AuthMethod.Ip,
            _ => AuthMethod.Unknown,
        };
    }
}
