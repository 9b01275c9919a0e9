namespace Connectivity.Domain.Spec;

/// <summary>One row of the spec's field table, cells as written (backticks removed).</summary>
public sealed record SpecRow(
    string Key,
    string Description,
    string Type,
    string? Default,
    bool Required,
    int LineNumber,
    string RawText);
