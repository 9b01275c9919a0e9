using System.Text.RegularExpressions;

namespace Connectivity.Domain.Spec;

internal enum SegmentKind { Property, Items, Pattern }

/// <summary>One step of a spec key: <c>name</c>, <c>[]</c> (array items) or <c>/regex/</c> (keys matching it).</summary>
internal sealed record KeySegment(SegmentKind Kind, string Text);

/// <summary>Splits a spec key such as <c>servers.[].DIDs./^\+?\d*$/.caller_id</c> into its segments.</summary>
internal static partial class KeyPath
{
    /// <exception cref="FormatException">The key is malformed.</exception>
    public static IReadOnlyList<KeySegment> Parse(string key)
    {
        var segments = new List<KeySegment>();
        var position = 0;
        while (true)
        {
            var (segment, end) = key.AsSpan(position).StartsWith("/") ? ReadPattern(key, position) : ReadName(key, position);
            segments.Add(segment);
            if (end == key.Length) return segments;
            if (key[end] != '.') throw new FormatException($"expected '.' at position {end} of the key");
            position = end + 1;
        }
    }

    private static (KeySegment Segment, int End) ReadName(string key, int start)
    {
        var end = key.IndexOf('.', start);
        if (end < 0) end = key.Length;
        var name = key[start..end];
        if (name == "[]") return (new KeySegment(SegmentKind.Items, name), end);
        if (!Name().IsMatch(name)) throw new FormatException($"malformed key segment '{name}'");
        return (new KeySegment(SegmentKind.Property, name), end);
    }

    private static (KeySegment Segment, int End) ReadPattern(string key, int start)
    {
        // A regex may itself contain '/' or '.', so try each "/." or final "/" as the closing delimiter.
        for (var close = key.IndexOf('/', start + 1); close > 0; close = key.IndexOf('/', close + 1))
        {
            var end = close + 1;
            if (end < key.Length && key[end] != '.') continue;
            var pattern = key[(start + 1)..close];
            if (pattern.Length > 0 && IsRegex(pattern)) return (new KeySegment(SegmentKind.Pattern, pattern), end);
        }
        throw new FormatException($"unterminated or invalid /regex/ segment at position {start} of the key");
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.ECMAScript);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
