using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectivity.Domain.Spec;

/// <summary>
/// Kazoo's type notation from the spec table (<c>string(1..35)</c>, <c>array(string())</c>,
/// <c>string('a' | 'b')</c>, ...) as the JSON Schema keywords it stands for.
/// </summary>
internal static partial class TypeNotation
{
    /// <exception cref="FormatException">The notation is not one this generator understands.</exception>
    public static JsonObject ToSchema(string notation)
    {
        var match = Call().Match(notation);
        if (!match.Success) throw new FormatException($"unknown type notation '{notation}'");
        var arguments = match.Groups["arguments"].Value;
        return match.Groups["name"].Value switch
        {
            "string" => StringSchema(arguments),
            "integer" => IntegerSchema(arguments),
            "boolean" => Simple("boolean", arguments),
            "object" => Simple("object", arguments),
            "array" => ArraySchema(arguments),
            var name => throw new FormatException($"unknown type '{name}' in '{notation}'"),
        };
    }

    private static JsonObject Simple(string type, string arguments) =>
        arguments.Length == 0 ? new JsonObject { ["type"] = type }
            : throw new FormatException($"{type}() takes no arguments, found '{arguments}'");

    private static JsonObject StringSchema(string arguments)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (arguments.Length == 0) return schema;
        if (arguments.StartsWith('\''))
        {
            schema["enum"] = new JsonArray([.. EnumValues(arguments).Select(value => JsonValue.Create(value))]);
            return schema;
        }
        var (minimum, maximum) = Range(arguments, "string");
        if (minimum < 0 || maximum < 0) throw new FormatException($"string lengths cannot be negative in '{arguments}'");
        if (minimum is not null) schema["minLength"] = minimum;
        if (maximum is not null) schema["maxLength"] = maximum;
        return schema;
    }

    private static JsonObject IntegerSchema(string arguments)
    {
        var schema = new JsonObject { ["type"] = "integer" };
        if (arguments.Length == 0) return schema;
        var (minimum, maximum) = Range(arguments, "integer");
        if (minimum is not null) schema["minimum"] = minimum;
        if (maximum is not null) schema["maximum"] = maximum;
        return schema;
    }

    private static JsonObject ArraySchema(string arguments)
    {
        var schema = new JsonObject { ["type"] = "array" };
        if (arguments.Length > 0) schema["items"] = ToSchema(arguments);
        return schema;
    }

    private static (long? Minimum, long? Maximum) Range(string arguments, string type)
    {
        var match = Bounds().Match(arguments);
        if (!match.Success || arguments == "..")
            throw new FormatException($"{type}() arguments must be a range like 1..35 or 1.., found '{arguments}'");
        var minimum = Bound(match.Groups["minimum"], arguments);
        var maximum = Bound(match.Groups["maximum"], arguments);
        if (minimum > maximum) throw new FormatException($"empty range '{arguments}'");
        return (minimum, maximum);
    }

    private static long? Bound(Group group, string arguments) =>
        !group.Success ? null
        : long.TryParse(group.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound) ? bound
        : throw new FormatException($"bound out of range in '{arguments}'");

    private static List<string> EnumValues(string arguments)
    {
        var values = new List<string>();
        foreach (var option in arguments.Split('|').Select(option => option.Trim()))
        {
            if (option.Length < 2 || option[0] != '\'' || option[^1] != '\'' || option[1..^1].Contains('\''))
                throw new FormatException($"enumerated values must be quoted like 'a' | 'b', found '{option}'");
            values.Add(option[1..^1]);
        }
        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            throw new FormatException($"duplicate enumerated value in '{arguments}'");
        return values;
    }

    [GeneratedRegex(@"^(?<name>[a-z]+)\((?<arguments>.*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Call();

    [GeneratedRegex(@"^(?<minimum>-?[0-9]+)?\.\.(?<maximum>-?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Bounds();
}
