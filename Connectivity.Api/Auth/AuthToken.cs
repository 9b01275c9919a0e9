namespace Connectivity.Api.Auth;

/// <summary>Where Kazoo clients put their token: the X-Auth-Token header, else the auth_token query parameter.</summary>
public static class AuthToken
{
    public const string Header = "X-Auth-Token";
    public const string QueryParameter = "auth_token";

    public static string? From(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString().Trim();
        if (request.Query.TryGetValue(QueryParameter, out var query) && !string.IsNullOrWhiteSpace(query)) return query.ToString().Trim();
        return null;
    }
}
