using System.Text.Json.Nodes;
using Connectivity.Domain.Documents;
using CsCheck;

namespace Connectivity.Tests.Documents;

public class DocumentMergeProperties
{
    private static readonly Gen<string> Key = Gen.OneOf("a", "b", "c", "d");

    private static Gen<JsonNode?> Scalar(bool withNulls)
    {
        var scalars = new List<IGen<JsonNode?>>
        {
            Gen.Int[-3, 3].Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.OneOf("", "x", "y").Select(s => (JsonNode?)JsonValue.Create(s)),
        };
        if (withNulls) scalars.Add(Gen.Int[0, 0].Select(_ => (JsonNode?)null));
        return Gen.OneOf(scalars.ToArray());
    }

    private static Gen<JsonNode?> Node(int depth, bool withNulls)
    {
        if (depth == 0) return Scalar(withNulls);
        var array = Node(depth - 1, withNulls).List[0, 3]
            .Select(items => (JsonNode?)new JsonArray(items.ToArray()));
        var obj = Object(depth - 1, withNulls).Select(o => (JsonNode?)o);
        return Gen.Frequency((3, Scalar(withNulls)), (1, array), (2, obj));
    }

    private static Gen<JsonObject> Object(int depth, bool withNulls) =>
        Gen.Select(Key, Node(depth, withNulls)).List[0, 4].Select(pairs =>
        {
            var result = new JsonObject();
            foreach (var (key, value) in pairs) result[key] = value;
            return result;
        });

    private static readonly Gen<JsonObject> Document = Object(3, withNulls: false);
    private static readonly Gen<JsonObject> Patch = Object(3, withNulls: true);

    private static string Show((JsonObject Stored, JsonObject Patch) pair) =>
        $"stored {pair.Stored.ToJsonString()} patch {pair.Patch.ToJsonString()}";

    [Fact]
    public void Patch_with_an_empty_patch_returns_the_document_unchanged()
    {
        Document.Sample(doc => JsonNode.DeepEquals(DocumentMerge.Patch(doc, new JsonObject()), doc),
            print: doc => doc.ToJsonString());
    }

    [Fact]
    public void Patch_applied_twice_equals_patch_applied_once()
    {
        Gen.Select(Document, Patch).Sample((doc, patch) =>
        {
            var once = DocumentMerge.Patch(doc, patch);
            return JsonNode.DeepEquals(DocumentMerge.Patch(once, patch), once);
        }, print: Show);
    }

    [Fact]
    public void Patch_never_mutates_its_inputs()
    {
        Gen.Select(Document, Patch).Sample((doc, patch) =>
        {
            var docBefore = doc.DeepClone();
            var patchBefore = patch.DeepClone();
            DocumentMerge.Patch(doc, patch);
            return JsonNode.DeepEquals(doc, docBefore) && JsonNode.DeepEquals(patch, patchBefore);
        }, print: Show);
    }

    [Fact]
    public void Keys_set_to_null_in_the_patch_are_absent_from_the_result()
    {
        Gen.Select(Document, Patch).Sample((doc, patch) =>
            NullsWereApplied(patch, DocumentMerge.Patch(doc, patch)), print: Show);
    }

    [Fact]
    public void A_patch_without_nulls_equals_the_deep_union_with_the_patch_winning()
    {
        Gen.Select(Document, Object(3, withNulls: false)).Sample((doc, patch) =>
            JsonNode.DeepEquals(DocumentMerge.Patch(doc, patch), DeepUnion(doc, patch)), print: Show);
    }

    [Fact]
    public void A_document_without_nulls_never_gains_a_null_from_a_patch()
    {
        Gen.Select(Document, Patch).Sample((doc, patch) =>
            !ContainsNullInObject(DocumentMerge.Patch(doc, patch)), print: Show);
    }

    [Fact]
    public void Patch_leaves_server_owned_keys_and_id_as_stored()
    {
        Gen.Select(Document, Patch, Gen.OneOf("_rev", "pvt_type", "id"), Scalar(withNulls: true)).Sample((doc, patch, key, value) =>
        {
            doc["_rev"] = "1-a";
            doc["id"] = "abc";
            patch[key] = value;
            var result = DocumentMerge.Patch(doc, patch);
            return (string?)result["_rev"] == "1-a" && (string?)result["id"] == "abc" && !result.ContainsKey("pvt_type");
        });
    }

    private static bool NullsWereApplied(JsonObject patch, JsonObject result)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null && result.ContainsKey(key)) return false;
            if (value is JsonObject nested && (result[key] is not JsonObject nestedResult || !NullsWereApplied(nested, nestedResult)))
                return false;
        }
        return true;
    }

    private static JsonObject DeepUnion(JsonObject left, JsonObject right)
    {
        var result = (JsonObject)left.DeepClone();
        foreach (var (key, value) in right)
        {
            result[key] = result[key] is JsonObject l && value is JsonObject r
                ? DeepUnion(l, r)
                : value is JsonObject onlyRight ? DeepUnion(new JsonObject(), onlyRight) : value!.DeepClone();
        }
        return result;
    }

    private static bool ContainsNullInObject(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(p => p.Value is null || ContainsNullInObject(p.Value)),
        // Arrays are taken from the patch whole, nulls and all.
        _ => false,
    };
}
