using System.Text.Json.Nodes;

namespace Connectivity.Domain.Documents;

/// <summary>How a client's data combines with the stored document on POST and PATCH.</summary>
public static class DocumentMerge
{
    /// <summary>
    /// PATCH: RFC 7396 JSON merge patch. Objects merge recursively, arrays and scalars are
    /// replaced whole, a null deletes the key. The patch's server-owned keys and <c>id</c> are
    /// ignored, so a client can neither set nor delete them. Returns a new object.
    /// </summary>
    public static JsonObject Patch(JsonObject stored, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(patch);
        return MergeInto((JsonObject)stored.DeepClone(), PublicFields(patch));
    }

    /// <summary>POST: the incoming public fields replace the stored ones; server-owned keys and <c>id</c> stay.</summary>
    public static JsonObject Replace(JsonObject stored, JsonObject incoming)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(incoming);
        var result = PublicFields(incoming);
        foreach (var (key, value) in stored)
        {
            if (IsServerOwned(key) || key == "id") result[key] = value?.DeepClone();
        }
        return result;
    }

    /// <summary>
    /// A copy of client data without the keys only the server writes. Clients echo back what they
    /// fetched (with <c>id</c> and <c>_read_only</c>); Kazoo drops those silently, and so do we.
    /// </summary>
    public static JsonObject PublicFields(JsonObject clientData)
    {
        ArgumentNullException.ThrowIfNull(clientData);
        var result = new JsonObject();
        foreach (var (key, value) in clientData)
        {
            if (!IsServerOwned(key) && key != "id") result[key] = value?.DeepClone();
        }
        return result;
    }

    public static bool IsServerOwned(string key) =>
        key.StartsWith('_') || key.StartsWith("pvt_", StringComparison.Ordinal);

    private static JsonObject MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject)
            {
                // RFC 7396: a non-object target is replaced by {} before patching, which also
                // drops any nulls nested in the patch object.
                if (target[key] is JsonObject targetObject) MergeInto(targetObject, patchObject);
                else target[key] = MergeInto(new JsonObject(), patchObject);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
        return target;
    }
}
