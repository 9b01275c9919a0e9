namespace Connectivity.Domain.Documents;

public static class HostNames
{
    /// <summary>
    /// A DNS host name under RFC 1123: dot-separated labels of 1–63 letters, digits and inner
    /// hyphens, 253 characters at most. The last label may not be all digits, which keeps sloppy
    /// IPv4 literals such as <c>010.0.0.1</c> or <c>1</c> from passing as names.
    /// </summary>
    public static bool IsHostName(string value)
    {
        if (value.Length is 0 or > 253) return false;
        var labels = value.Split('.');
        foreach (var label in labels)
        {
            if (!IsLabel(label)) return false;
        }
        return !labels[^1].All(char.IsAsciiDigit);
    }

    private static bool IsLabel(string label) =>
        label.Length is >= 1 and <= 63
        && label[0] != '-'
        && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
