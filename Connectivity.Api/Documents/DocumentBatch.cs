using System.Globalization;
using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;
using Connectivity.Domain.Validation;

namespace Connectivity.Api.Documents;

/// <summary>
/// One change of a batch as the client sent it: <c>{"op": "create"|"replace"|"patch"|"delete", "id", "revision", "data"}</c>.
/// <see cref="Revision"/>, when given, guards the change as If-Match does a single write.
/// </summary>
public sealed record BatchItem(string Operation, string? Id, string? Revision, JsonObject? Data)
{
    public const string Create = "create";
    public const string Replace = "replace";
    public const string Patch = "patch";
    public const string Delete = "delete";

    private static readonly string[] Operations = [Create, Replace, Patch, Delete];

    /// <summary>
    /// The items of a batch request's <c>data</c>, or a 400 naming every problem by path (<c>3.op</c>, <c>0.id</c>):
    /// between 1 and <paramref name="maxItems"/> items, a known op, an id where the op needs one, data where it needs
    /// one, and no document named twice.
    /// </summary>
    public static IReadOnlyList<BatchItem> Parse(JsonArray data, int maxItems)
    {
        var errors = new ValidationErrors();
        if (data.Count == 0) errors.Add("data", "minItems", "A batch holds at least one item", JsonValue.Create(1), JsonValue.Create(0));
        if (data.Count > maxItems)
            errors.Add("data", "maxItems", $"A batch holds at most {maxItems} items", JsonValue.Create(maxItems), JsonValue.Create(data.Count));
        if (!errors.IsEmpty) throw KazooException.Validation(errors);

        var items = new List<BatchItem>(data.Count);
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < data.Count; i++)
        {
            var path = i.ToString(CultureInfo.InvariantCulture);
            if (data[i] is not JsonObject item)
            {
                errors.Add(path, "type", "A batch item must be an object", JsonValue.Create("object"));
                continue;
            }
            var operation = Text(item, "op");
            if (operation is null || !Operations.Contains(operation))
                errors.Add(ValidationErrors.Join(path, "op"), "enum", "Value not found in enumerated list of values",
                    new JsonArray([.. Operations.Select(o => JsonValue.Create(o))]), item["op"]?.DeepClone());

            var document = item["data"] as JsonObject;
            if (item["data"] is not null && document is null)
                errors.Add(ValidationErrors.Join(path, "data"), "type", "Value did not match type(s) object", JsonValue.Create("object"));
            else if (document is null && operation is Create or Replace or Patch)
                errors.Add(ValidationErrors.Join(path, "data"), "required", "Field is required but missing");

            var id = NamedId(item, document, operation, path, errors);
            if (id is not null && !named.Add(id))
                errors.Add(ValidationErrors.Join(path, "id"), "uniqueItems", "A batch names each document at most once", value: JsonValue.Create(id));

            var revision = item["revision"];
            string? guard = null;
            if (revision is not null && !(revision is JsonValue value && value.TryGetValue(out guard)))
                errors.Add(ValidationErrors.Join(path, "revision"), "type", "Value did not match type(s) string", JsonValue.Create("string"));
            else if (guard is not null && operation == Create)
                errors.Add(ValidationErrors.Join(path, "revision"), "invalid", "A create has no revision to guard");

            if (operation is not null) items.Add(new BatchItem(operation, id, guard, document));
        }
        return errors.IsEmpty ? items : throw KazooException.Validation(errors);
    }

    /// <summary>
    /// The document an item names: <c>id</c>, required except on a create, where it may also come as <c>data.id</c>
    /// like a single create's does.
    /// </summary>
    private static string? NamedId(JsonObject item, JsonObject? document, string? operation, string path, ValidationErrors errors)
    {
        var (node, at) = item["id"] is null && operation == Create
            ? (document?["id"], ValidationErrors.Join(path, "data.id"))
            : (item["id"], ValidationErrors.Join(path, "id"));
        if (node is null)
        {
            if (operation is Replace or Patch or Delete) errors.Add(at, "required", "Field is required but missing");
            return null;
        }
        if (node is JsonValue value && value.TryGetValue<string>(out var id) && DocumentIds.IsValid(id)) return id;
        errors.Add(at, "pattern", $"Failed to match pattern '{DocumentIds.Pattern}'", DocumentIds.Pattern, node.DeepClone());
        return null;
    }

    private static string? Text(JsonObject item, string key) =>
        item[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>
/// What became of a batch: every item applied (<see cref="Applied"/>), or none, with the failing items' errors and the
/// others marked not applied.
/// </summary>
public sealed class BatchOutcome
{
    private readonly IReadOnlyList<BatchItem> _items;
    private readonly IReadOnlyList<string?> _ids;
    private readonly StoredDocument[]? _written;
    private readonly IReadOnlyDictionary<int, KazooException>? _failures;

    private BatchOutcome(IReadOnlyList<BatchItem> items, IReadOnlyList<string?> ids, StoredDocument[]? written, IReadOnlyDictionary<int, KazooException>? failures) =>
        (_items, _ids, _written, _failures) = (items, ids, written, failures);

    public static BatchOutcome AppliedAll(IReadOnlyList<BatchItem> items, StoredDocument[] written) =>
        new(items, [.. written.Select(w => (string?)w.Id)], written, null);

    /// <param name="ids">The document each item names (a create's new id included), by item.</param>
    /// <param name="failures">The failing items' errors, by item index; at least one.</param>
    public static BatchOutcome Rejected(IReadOnlyList<BatchItem> items, IReadOnlyList<string?> ids, IReadOnlyDictionary<int, KazooException> failures) =>
        new(items, ids, null, failures);

    public bool Applied => _written is not null;

    /// <summary>
    /// The error the whole batch answers with: 412 when any item's revision guard was stale (a client that re-reads
    /// and retries fixes it), otherwise the first failing item's.
    /// </summary>
    public KazooException Failure =>
        _failures is null ? throw new InvalidOperationException("The batch was applied")
        : _failures.Values.FirstOrDefault(f => f.StatusCode == StatusCodes.Status412PreconditionFailed)
          ?? _failures.OrderBy(f => f.Key).First().Value;

    /// <summary>
    /// One result per item, in the request's order: <c>status</c> <c>success</c> with the written <c>data</c> and
    /// <c>revision</c>; <c>error</c> with Kazoo's <c>error</c>, <c>message</c> and <c>data</c> as a single write would
    /// answer; or <c>not_applied</c> for an item that failed no check but was rolled back with the batch.
    /// </summary>
    public JsonArray Results()
    {
        var results = new JsonArray();
        for (var i = 0; i < _items.Count; i++)
        {
            var result = new JsonObject { ["op"] = _items[i].Operation };
            if (_ids[i] is { } id) result["id"] = id;
            if (_written is not null)
            {
                result["status"] = "success";
                result["revision"] = _written[i].Revision;
                result["data"] = _written[i].Data.DeepClone();
            }
            else if (_failures!.TryGetValue(i, out var failure))
            {
                result["status"] = "error";
                result["error"] = failure.StatusCode.ToString(CultureInfo.InvariantCulture);
                result["message"] = failure.KazooMessage;
                result["data"] = failure.Data?.DeepClone() ?? new JsonObject();
            }
            else
            {
                result["status"] = "not_applied";
                result["message"] = "Not applied: another item of the batch failed";
            }
            results.Add(result);
        }
        return results;
    }
}
