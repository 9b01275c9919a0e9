namespace Connectivity.Api.Kazoo;

/// <summary>
/// Where Kazoo clients carry their token, and the token this request carried as authentication found it: Kazoo
/// echoes it in every response envelope.
/// </summary>
public sealed record KazooAuthToken(string Value)
{
    public const string Header = "X-Auth-Token";

    /// <summary>The query parameter, and the request envelope's key, that may carry the token instead of the header.</summary>
    public const string Parameter = "auth_token";

    public static string? Of(HttpContext context) => context.Features.Get<KazooAuthToken>()?.Value;

    public static void Remember(HttpContext context, string token) => context.Features.Set(new KazooAuthToken(token));
}
