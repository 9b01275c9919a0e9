using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Connectivity.Domain.Documents;

/// <summary>CouchDB-style revision ids, <c>{n}-{md5 of the body}</c>, as Kazoo clients send them back.</summary>
public static class RevisionIds
{
    /// <param name="body">The document's public fields, serialised as they are stored.</param>
    public static string Hash(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));

    public static string Of(int number, string hash) => $"{number}-{hash}";

    /// <summary>
    /// Reads <c>{n}</c> or <c>{n}-{hash}</c>; <paramref name="full"/> is false for a bare number, which names the
    /// revision whatever its hash.
    /// </summary>
    public static bool TryParse(string text, out int number, out bool full)
    {
        var parts = text.Split('-', 2);
        full = parts.Length == 2;
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
