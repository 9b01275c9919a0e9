using System.Text;

namespace Connectivity.Domain.Spec;

/// <summary>Reads the field table (Key | Description | Type | Default | Required | ...) of a spec markdown file.</summary>
public static class SpecTable
{
    private const int MinimumCells = 5;

    public static IReadOnlyList<SpecRow> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var header = Array.FindIndex(lines, IsHeader);
        if (header < 0) throw new SpecFormatException("The spec has no field table (a line starting with 'Key | Description | Type').");

        var rows = new List<SpecRow>();
        for (var index = header + 2; index < lines.Length && lines[index].Trim().Length > 0; index++)
            rows.Add(ParseRow(lines[index], index + 1));
        return rows;
    }

    private static bool IsHeader(string line)
    {
        var cells = SplitCells(line);
        return cells.Count >= MinimumCells && cells[0] == "Key" && cells[1] == "Description" && cells[2] == "Type"
            && cells[3] == "Default" && cells[4] == "Required";
    }

    private static SpecRow ParseRow(string line, int lineNumber)
    {
        var cells = SplitCells(line);
        var key = cells.Count > 0 ? Unquote(cells[0]) ?? cells[0] : line;
        var unparsed = new SpecRow(key, "", "", null, false, lineNumber, line);
        if (cells.Count < MinimumCells)
            throw SpecFormatException.ForRow(unparsed, $"expected at least {MinimumCells} cells separated by '|', found {cells.Count}");
        if (Unquote(cells[0]) is not { Length: > 0 })
            throw SpecFormatException.ForRow(unparsed, "the key must be written in backticks");
        var type = Unquote(cells[2])
            ?? throw SpecFormatException.ForRow(unparsed, "the type must be written in backticks");
        var defaultValue = cells[3].Length == 0 ? null
            : Unquote(cells[3]) ?? throw SpecFormatException.ForRow(unparsed, "the default must be written in backticks");
        var required = Unquote(cells[4]) switch
        {
            "true" => true,
            "false" => false,
            _ => throw SpecFormatException.ForRow(unparsed, "the required column must be `true` or `false`"),
        };
        return unparsed with { Description = cells[1], Type = type, Default = defaultValue, Required = required };
    }

    private static string? Unquote(string cell) =>
        cell.Length >= 2 && cell[0] == '`' && cell[^1] == '`' && cell.Count(c => c == '`') == 2 ? cell[1..^1] : null;

    /// <summary>Splits on '|' outside backtick spans: enum types such as <c>`string('a' | 'b')`</c> contain pipes.</summary>
    private static List<string> SplitCells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var inCode = false;
        foreach (var character in line)
        {
            if (character == '`') inCode = !inCode;
            if (character == '|' && !inCode)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else cell.Append(character);
        }
        cells.Add(cell.ToString().Trim());
        return cells;
    }
}
