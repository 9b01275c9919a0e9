using System.Security.Cryptography;
using System.Text;
using Connectivity.Api.Kazoo;

namespace Connectivity.Api.Idempotency;

/// <summary>
/// What makes two requests under one <c>Idempotency-Key</c> the same request: method, path, <c>If-Match</c> and the
/// body's bytes, hashed with SHA-256.
/// </summary>
public static class RequestFingerprint
{
    public static byte[] Of(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, request.Method);
        Append(hash, request.PathBase.Add(request.Path).Value ?? "");
        Append(hash, RevisionHeaders.IfMatch(request) ?? "");
        hash.AppendData(body);
        return hash.GetHashAndReset();
    }

    // Length-prefixed, so that no two different (method, path, If-Match) triples hash the same bytes.
    private static void Append(IncrementalHash hash, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(field);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }
}
