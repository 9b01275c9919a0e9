using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Documents;

/// <summary>
/// Makes every server's DID keys canonical E.164. Call-time routing matches the dialled number
/// against the keys as strings, so a key stored as <c>4158867900</c> would never receive a call.
/// </summary>
public static class DidKeys
{
    /// <summary>
    /// Rewrites the <c>DIDs</c> keys of every server in place, keeping each entry's value and order.
    /// Keys that are not phone numbers and numbers used twice in the document are reported, with
    /// paths that name the key as the client sent it.
    /// </summary>
    public static ValidationErrors Normalize(JsonObject document, Numbers.PhoneNumbers numbers)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(numbers);
        var errors = new ValidationErrors();
        var firstUse = new Dictionary<string, (string DidsPath, string Key)>(StringComparer.Ordinal);

        foreach (var (index, server) in DocumentShape.Servers(document))
        {
            if (DocumentShape.Object(server, "DIDs") is not { } dids) continue;
            var didsPath = $"servers.{index}.DIDs";
            var rewritten = new List<KeyValuePair<string, JsonNode?>>(dids.Count);
            var changed = false;

            foreach (var (key, value) in dids)
            {
                if (!numbers.TryNormalize(key, out var e164))
                {
                    errors.Add(KeyPath(didsPath, key), "format", "Value is not a valid phone number", value: JsonValue.Create(key));
                    rewritten.Add(new(key, value));
                }
                else if (firstUse.TryGetValue(e164, out var first))
                {
                    errors.Add(KeyPath(didsPath, key), "unique", $"DID {e164} is already used by {first.DidsPath}",
                        target: JsonValue.Create(KeyPath(first.DidsPath, first.Key)), value: JsonValue.Create(key));
                    rewritten.Add(new(key, value));
                }
                else
                {
                    firstUse[e164] = (didsPath, key);
                    rewritten.Add(new(e164, value));
                    changed |= e164 != key;
                }
            }

            // Keys already canonical, the usual case for large documents, leave the object as it is.
            if (!changed) continue;

            // A duplicate kept under its own key can collide with the first one's canonical key;
            // that document is refused anyway, so it is left exactly as sent.
            if (rewritten.Select(entry => entry.Key).Distinct(StringComparer.Ordinal).Count() != rewritten.Count) continue;

            dids.Clear();
            foreach (var entry in rewritten) dids.Add(entry);
        }
        return errors;
    }

    private static string KeyPath(string didsPath, string key) => ValidationErrors.Join(didsPath, ValidationErrors.Segment(key));
}
