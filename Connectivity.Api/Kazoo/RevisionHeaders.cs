using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Kazoo;

/// <summary>Revisions on the wire: the ETag a response carries, and the If-Match / If-None-Match a request sends.</summary>
public static class RevisionHeaders
{
    public static string ToETag(string revision) => $"\"{revision}\"";

    /// <summary>True when an If-Match / If-None-Match header names <paramref name="revision"/> (quoted or not) or is <c>*</c>.</summary>
    public static bool Matches(string headerValue, string revision)
    {
        foreach (var candidate in headerValue.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*") return true;
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag.Trim('"') == revision) return true;
        }
        return false;
    }

    public static string? IfMatch(HttpRequest request) =>
        request.Headers.TryGetValue(HeaderNames.IfMatch, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;
}
