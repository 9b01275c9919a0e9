using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.Auth;

/// <summary>
/// Where Kazoo clients put their token: the X-Auth-Token header, else the auth_token query parameter (when
/// <see cref="AuthOptions.AllowQueryStringToken"/>), else <c>auth_token</c> in the request envelope.
/// </summary>
public static class AuthToken
{
    public const string Header = "X-Auth-Token";
    public const string QueryParameter = "auth_token";
    private const string EnvelopeItem = "Connectivity.EnvelopeAuthToken";

    public static string? From(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString().Trim();
        if (QueryStringAllowed(request) && request.Query.TryGetValue(QueryParameter, out var query) && !string.IsNullOrWhiteSpace(query))
            return query.ToString().Trim();
        return request.HttpContext.Items[EnvelopeItem] as string;
    }

    /// <summary>True when the request's only token is in a query string this service is set to ignore.</summary>
    public static bool OnlyInRefusedQueryString(HttpRequest request) =>
        !QueryStringAllowed(request) && request.Query.ContainsKey(QueryParameter) && From(request) is null;

    private static bool QueryStringAllowed(HttpRequest request) =>
        request.HttpContext.RequestServices.GetService<IOptions<AuthOptions>>()?.Value.AllowQueryStringToken == true;

    /// <summary>
    /// Like <see cref="From"/>, and when neither header nor query carries a token, looks for one in a JSON body
    /// of known length within <paramref name="maxBodyBytes"/>; the body is left readable for the endpoint.
    /// </summary>
    public static async Task<string?> FromRequestAsync(HttpRequest request, long maxBodyBytes)
    {
        if (From(request) is { } given) return given;
        if (request.ContentLength is not > 0 || request.ContentLength > maxBodyBytes) return null;

        string? token = null;
        request.EnableBuffering();
        try
        {
            using var envelope = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            if (envelope.RootElement.ValueKind == JsonValueKind.Object &&
                envelope.RootElement.TryGetProperty("auth_token", out var value) && value.ValueKind == JsonValueKind.String)
                token = value.GetString();
        }
        catch (JsonException)
        {
            // Not JSON: no token here; the endpoint reports the body itself.
        }
        catch (InvalidOperationException)
        {
            // The token is not valid Unicode text (a lone surrogate, bad UTF-8): no token, so 401.
        }
        finally
        {
            request.Body.Position = 0;
        }

        if (!string.IsNullOrWhiteSpace(token)) request.HttpContext.Items[EnvelopeItem] = token.Trim();
        return From(request);
    }
}
