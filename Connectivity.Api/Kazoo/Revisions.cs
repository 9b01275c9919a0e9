using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Kazoo;

/// <summary>CouchDB-style revisions, <c>{n}-{md5 of the body}</c>, and their HTTP spelling as an ETag.</summary>
public static class Revisions
{
    /// <param name="body">The document's public fields, serialised as they are stored.</param>
    public static string Hash(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

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
