using System.Text.Json.Nodes;

namespace Connectivity.Domain.Spec;

/// <summary>Finds or creates nodes by key path, and checks the finished tree is consistent.</summary>
internal static class SchemaTree
{
    public static SchemaNode Resolve(SchemaNode root, IReadOnlyList<KeySegment> segments, SpecRow row)
    {
        var node = root;
        foreach (var segment in segments) node = Child(node, segment, row);
        return node;
    }

    public static SchemaNode Parent(SchemaNode root, IReadOnlyList<KeySegment> segments, SpecRow row) =>
        Resolve(root, [.. segments.Take(segments.Count - 1)], row);

    private static SchemaNode Child(SchemaNode parent, KeySegment segment, SpecRow row)
    {
        var key = parent.Key.Length == 0 ? KeyText(segment) : parent.Key + "." + KeyText(segment);
        switch (segment.Kind)
        {
            case SegmentKind.Items:
                return parent.Items ??= new SchemaNode(key, row);
            case SegmentKind.Pattern:
                return GetOrAdd(parent.PatternProperties, segment.Text, key, row);
            default:
                return GetOrAdd(parent.Properties, segment.Text, key, row);
        }
    }

    private static string KeyText(KeySegment segment) => segment.Kind == SegmentKind.Pattern ? $"/{segment.Text}/" : segment.Text;

    private static SchemaNode GetOrAdd(SortedDictionary<string, SchemaNode> children, string name, string key, SpecRow row)
    {
        if (!children.TryGetValue(name, out var child)) children[name] = child = new SchemaNode(key, row);
        return child;
    }

    /// <summary>Moves <c>array(T)</c> item types into item nodes and rejects children under a type that cannot have them.</summary>
    public static void Complete(SchemaNode node)
    {
        MergeNotationItems(node);
        if (node.TypeSchema is null)
            throw SpecFormatException.ForRow(node.Origin, $"no row declares `{node.Key}`, which this row needs");
        if ((node.Properties.Count > 0 || node.PatternProperties.Count > 0) && node.Type != "object")
            throw SpecFormatException.ForRow(FirstChildOrigin(node), $"`{node.Key}` is {node.Type}, not an object, so it cannot have keys");
        if (node.Items is not null && node.Type != "array")
            throw SpecFormatException.ForRow(node.Items.Origin, $"`{node.Key}` is {node.Type}, not an array, so it cannot have items");
        foreach (var child in node.Properties.Values.Concat(node.PatternProperties.Values)) Complete(child);
        if (node.Items is not null) Complete(node.Items);
    }

    private static void MergeNotationItems(SchemaNode node)
    {
        if (node.TypeSchema?["items"] is not JsonObject notationItems) return;
        var row = node.DeclaredBy!;
        node.Items ??= new SchemaNode(node.Key + ".[]", row);
        if (node.Items.TypeSchema is null)
        {
            node.Items.TypeSchema = (JsonObject)notationItems.DeepClone();
            return;
        }
        if (node.Items.Type != notationItems["type"]?.GetValue<string>())
            throw SpecFormatException.ForRow(node.Items.DeclaredBy!, $"the items are {node.Items.Type} but `{node.Key}` says {row.Type}");
        foreach (var (keyword, value) in notationItems)
            if (!node.Items.TypeSchema.ContainsKey(keyword)) node.Items.TypeSchema[keyword] = value?.DeepClone();
    }

    private static SpecRow FirstChildOrigin(SchemaNode node) =>
        node.Properties.Values.Concat(node.PatternProperties.Values).Select(child => child.Origin).MinBy(row => row.LineNumber)!;
}
