namespace Connectivity.Domain.Spec;

/// <summary>A row of the spec table that cannot be turned into schema; the message names the row.</summary>
public sealed class SpecFormatException(string message) : Exception(message)
{
    public static SpecFormatException ForRow(SpecRow row, string problem) =>
        new($"Spec row `{row.Key}` (line {row.LineNumber}): {problem}. Row: {row.RawText}");
}
