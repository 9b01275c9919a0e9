using System.Text.RegularExpressions;

namespace Connectivity.Api.Kazoo;

/// <summary>
/// Every request gets an id, echoed in <c>X-Request-ID</c> and the envelope's <c>request_id</c>: the caller's own
/// when it sends a sane one (so a billing system can correlate), else a new one.
/// </summary>
public static partial class RequestIds
{
    public const string Header = "X-Request-ID";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex Sane();

    /// <summary>32 hex digits like Kazoo's; an id needs no cryptographic randomness (a new Guid costs a system call).</summary>
    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var incoming = context.Request.Headers[Header].ToString();
            context.TraceIdentifier = Sane().IsMatch(incoming) ? incoming : NewId();
            context.Response.Headers[Header] = context.TraceIdentifier;
            return next(context);
        });
}
