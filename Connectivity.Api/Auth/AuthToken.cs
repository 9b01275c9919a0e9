using System.Text.Json;
using Connectivity.Api.Kazoo;

namespace Connectivity.Api.Auth;

/// <summary>
/// Finds the token where Kazoo clients put it: the X-Auth-Token header, else the auth_token query parameter (when
/// <see cref="AuthOptions.AllowQueryStringToken"/>), else <c>auth_token</c> in the request envelope.
/// </summary>
public sealed class AuthToken(bool allowQueryString, long maxBodyBytes)
{
    /// <summary>
    /// The request's token, looking into a JSON body of known length within the body limit when neither header nor
    /// query carries one; the body is left readable for the endpoint. The token found is remembered for the envelope.
    /// </summary>
    public async Task<string?> FindAsync(HttpRequest request)
    {
        var token = FromHeaderOrQuery(request) ?? await FromEnvelopeAsync(request);
        if (token is not null) KazooAuthToken.Remember(request.HttpContext, token);
        return token;
    }

    /// <summary>True when the request's only token is in a query string this service is set to ignore.</summary>
    public bool OnlyInRefusedQueryString(HttpRequest request) =>
        !allowQueryString && request.Query.ContainsKey(KazooAuthToken.Parameter) && KazooAuthToken.Of(request.HttpContext) is null;

    private string? FromHeaderOrQuery(HttpRequest request)
    {
        if (request.Headers.TryGetValue(KazooAuthToken.Header, out var header) && !string.IsNullOrWhiteSpace(header))
            return header.ToString().Trim();
        if (allowQueryString && request.Query.TryGetValue(KazooAuthToken.Parameter, out var query) && !string.IsNullOrWhiteSpace(query))
            return query.ToString().Trim();
        return null;
    }

    private async Task<string?> FromEnvelopeAsync(HttpRequest request)
    {
        if (request.ContentLength is not > 0 || request.ContentLength > maxBodyBytes) return null;

        string? token = null;
        request.EnableBuffering();
        try
        {
            using var envelope = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            if (envelope.RootElement.ValueKind == JsonValueKind.Object &&
                envelope.RootElement.TryGetProperty(KazooAuthToken.Parameter, out var value) && value.ValueKind == JsonValueKind.String)
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
        return string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }
}
