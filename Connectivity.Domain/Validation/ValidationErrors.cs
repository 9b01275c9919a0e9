using System.Collections;
using System.Text.Json.Nodes;

namespace Connectivity.Domain.Validation;

/// <summary>One failed check: the dotted path of the value, the keyword that failed, and Kazoo's wording.</summary>
public sealed record ValidationError(string Path, string Keyword, string Message, JsonNode? Target = null, JsonNode? Value = null);

/// <summary>
/// Every error of a document, rendered the way Kazoo renders them:
/// <c>{"servers.0.auth": {"required": {"message": "...", "target": ..., "value": ...}}}</c>.
/// </summary>
public sealed class ValidationErrors : IEnumerable<ValidationError>
{
    private readonly List<ValidationError> _errors = [];

    public bool IsEmpty => _errors.Count == 0;
    public int Count => _errors.Count;

    public void Add(ValidationError error) => _errors.Add(error);

    public void Add(string path, string keyword, string message, JsonNode? target = null, JsonNode? value = null) =>
        _errors.Add(new ValidationError(path, keyword, message, target, value));

    public void AddRange(IEnumerable<ValidationError> errors) => _errors.AddRange(errors);

    public JsonObject ToKazoo()
    {
        var data = new JsonObject();
        foreach (var error in _errors)
        {
            if (data[error.Path] is not JsonObject byKeyword)
            {
                byKeyword = new JsonObject();
                data[error.Path] = byKeyword;
            }
            var detail = new JsonObject { ["message"] = error.Message };
            if (error.Target is not null) detail["target"] = error.Target.DeepClone();
            if (error.Value is not null) detail["value"] = error.Value.DeepClone();
            byKeyword[error.Keyword] = detail;
        }
        return data;
    }

    /// <summary>Dotted path segment for an object key, escaping '.' the way Kazoo does.</summary>
    public static string Segment(string key) => key.Replace(".", "%2E");

    public static string Join(string parent, string segment) => parent.Length == 0 ? segment : parent + "." + segment;

    public IEnumerator<ValidationError> GetEnumerator() => _errors.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
