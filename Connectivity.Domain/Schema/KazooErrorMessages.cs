using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Schema;

/// <summary>
/// One failed keyword as Kazoo reports it. Messages are built from the schema's keyword values,
/// since clients match on Kazoo's wording, not JsonSchema.Net's.
/// </summary>
internal static class KazooErrorMessages
{
    public static IEnumerable<ValidationError> For(string keyword, JsonObject? schema, InstancePath path, JsonNode? value, string libraryMessage)
    {
        var keywordValue = schema?[keyword];
        var target = keywordValue?.DeepClone();
        var actual = value?.DeepClone();
        var dotted = path.Dotted;
        return keyword switch
        {
            "required" when keywordValue is JsonArray names => MissingFields(names, path, value),
            "minLength" => [new(dotted, keyword, $"String must be at least {Text(keywordValue)} characters", target, actual)],
            "maxLength" => [new(dotted, keyword, $"String must not be more than {Text(keywordValue)} characters", target, actual)],
            "enum" => [new(dotted, keyword, "Value not found in enumerated list of values", target, actual)],
            "type" => [new(dotted, keyword, $"Value did not match type(s): {TypeList(keywordValue)}", target, actual)],
            "minimum" => [new(dotted, keyword, $"Value must be at least {Text(keywordValue)}", target, actual)],
            "maximum" => [new(dotted, keyword, $"Value must be at most {Text(keywordValue)}", target, actual)],
            "pattern" => [new(dotted, keyword, $"Failed to match pattern '{Text(keywordValue)}'", target, actual)],
            _ => [new(dotted, keyword, libraryMessage, target, actual)],
        };
    }

    /// <summary>Kazoo reports each missing key at its own path, not at the object that lacks it.</summary>
    private static IEnumerable<ValidationError> MissingFields(JsonArray names, InstancePath path, JsonNode? value) =>
        names.OfType<JsonValue>()
            .Select(name => name.TryGetValue<string>(out var text) ? text : null)
            .OfType<string>()
            .Where(name => value is JsonObject members && !members.ContainsKey(name))
            .Select(name => new ValidationError(path.DottedChild(name), "required", "Field is required but missing"));

    private static string Text(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "";

    private static string TypeList(JsonNode? types) =>
        types is JsonArray names ? string.Join(", ", names.Select(Text)) : Text(types);
}
