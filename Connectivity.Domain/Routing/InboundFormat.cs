using System.Text.RegularExpressions;

namespace Connectivity.Domain.Routing;

/// <summary>How the request user of the INVITE sent to a server is written.</summary>
public enum InboundFormat
{
    /// <summary><c>+14158867900</c></summary>
    E164,

    /// <summary><c>4158867900</c>; numbers outside the NANP stay in E.164, as in Kazoo.</summary>
    Npan,

    /// <summary><c>14158867900</c>; numbers outside the NANP stay in E.164, as in Kazoo.</summary>
    OneNpan,

    /// <summary>E.164 without its plus: <c>14158867900</c>, <c>442071234567</c>.</summary>
    StripPlus,

    /// <summary>The server's <c>auth_user</c>.</summary>
    Username,
}

public static partial class InboundFormats
{
    /// <summary>The schema default, written into every stored server's options.</summary>
    public const InboundFormat Default = InboundFormat.Npan;

    /// <summary>
    /// Reads a stored <c>inbound_format</c> the way Kazoo's trunkstore does, legacy spellings included.
    /// Missing means the schema default; any other unrecognised value falls to <c>username</c>, Kazoo's catch-all.
    /// </summary>
    public static InboundFormat Parse(string? value) => value switch
    {
        null => Default,
        "e164" or "e.164" => InboundFormat.E164,
        "npan" or "npanxxxxxx" => InboundFormat.Npan,
        "1npan" or "1npanxxxxxx" => InboundFormat.OneNpan,
        "e164_without_plus" or "strip_plus" => InboundFormat.StripPlus,
        _ => InboundFormat.Username,
    };

    public static string Name(InboundFormat format) => format switch
    {
        InboundFormat.E164 => "e164",
        InboundFormat.Npan => "npan",
        InboundFormat.OneNpan => "1npan",
        InboundFormat.StripPlus => "strip_plus",
        InboundFormat.Username => "username",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The request user for a call to <paramref name="e164"/>; null for <c>username</c> when the server has no <c>auth_user</c>.</summary>
    public static string? RequestUser(InboundFormat format, string e164, string? authUser)
    {
        ArgumentNullException.ThrowIfNull(e164);
        var nanp = Nanp().Match(e164);
        return format switch
        {
            InboundFormat.E164 => e164,
            InboundFormat.Npan => nanp.Success ? nanp.Groups["npan"].Value : e164,
            InboundFormat.OneNpan => nanp.Success ? "1" + nanp.Groups["npan"].Value : e164,
            InboundFormat.StripPlus => e164.TrimStart('+'),
            InboundFormat.Username => authUser,
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    // Kazoo's knm_converters:to_npan / to_1npan pattern: only NANP numbers have an NPA-NXX-XXXX form.
    [GeneratedRegex(@"^\+1(?<npan>[2-9][0-9]{2}[2-9][0-9]{6})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Nanp();
}
