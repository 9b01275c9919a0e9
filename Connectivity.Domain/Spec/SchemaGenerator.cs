using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectivity.Domain.Spec;

/// <summary>Turns the spec table into a JSON Schema (2020-12). The schema is open: unknown keys stay valid.</summary>
public static class SchemaGenerator
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";
    public const string SchemaId = "https://connectivity/schemas/connectivity.json";

    private static readonly JsonSerializerOptions TextOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Keeps regex keys such as ^\+?\d*$ readable in the committed file instead of \u002B escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <exception cref="SpecFormatException">A row cannot be understood.</exception>
    public static string GenerateText(string specMarkdown) => ToText(Generate(SpecTable.Parse(specMarkdown)));

    /// <exception cref="SpecFormatException">A row cannot be understood.</exception>
    public static JsonObject Generate(IEnumerable<SpecRow> rows)
    {
        var root = new SchemaNode("", new SpecRow("", "", "object()", null, false, 0, ""))
        {
            TypeSchema = new JsonObject { ["type"] = "object" },
        };
        foreach (var row in rows) Declare(root, row);
        SchemaTree.Complete(root);

        var schema = new JsonObject { ["$schema"] = SchemaDialect, ["$id"] = SchemaId };
        foreach (var (keyword, value) in root.ToJson()) schema[keyword] = value?.DeepClone();
        return schema;
    }

    /// <summary>Indented with two spaces, '\n' line endings and a trailing newline.</summary>
    public static string ToText(JsonObject schema) => schema.ToJsonString(TextOptions) + "\n";

    private static void Declare(SchemaNode root, SpecRow row)
    {
        var segments = Attempt(row, () => KeyPath.Parse(row.Key));
        var node = SchemaTree.Resolve(root, segments, row);
        if (node.DeclaredBy is { } earlier)
            throw SpecFormatException.ForRow(row, $"the key is already declared on line {earlier.LineNumber}");
        node.DeclaredBy = row;
        node.TypeSchema = Attempt(row, () => TypeNotation.ToSchema(row.Type));
        node.Description = row.Description.Length > 0 ? row.Description : null;
        if (row.Default is { } text) node.Default = Attempt(row, () => DefaultValue.Parse(text, node.TypeSchema));
        if (!row.Required) return;
        if (segments[^1].Kind != SegmentKind.Property)
            throw SpecFormatException.ForRow(row, "only a named key can be required, not array items or a /regex/ key");
        SchemaTree.Parent(root, segments, row).Required.Add(segments[^1].Text);
    }

    private static T Attempt<T>(SpecRow row, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException problem)
        {
            throw SpecFormatException.ForRow(row, problem.Message);
        }
    }
}
