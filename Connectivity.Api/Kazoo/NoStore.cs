using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Kazoo;

/// <summary>
/// API responses carry SIP passwords and tokens: every <c>/v2</c> response, errors included, is sent with
/// <c>Cache-Control: no-store</c> so that neither browsers nor proxies keep a copy.
/// </summary>
public static class NoStore
{
    public static IApplicationBuilder UseNoStoreOnApi(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set as the response starts, not now: the exception handler clears the headers of a failed response.
            if (context.Request.Path.StartsWithSegments("/v2"))
                context.Response.OnStarting(static state =>
                {
                    ((HttpResponse)state).Headers[HeaderNames.CacheControl] = "no-store";
                    return Task.CompletedTask;
                }, context.Response);
            return next(context);
        });
}
