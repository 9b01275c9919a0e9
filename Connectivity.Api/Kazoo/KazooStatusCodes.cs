namespace Connectivity.Api.Kazoo;

/// <summary>
/// Gives the bodiless responses produced by routing (405 for another verb, 404 for an unknown path)
/// Kazoo's error envelope, so clients always get JSON they can parse.
/// </summary>
public static class KazooStatusCodes
{
    public static IApplicationBuilder UseKazooStatusCodes(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var error = http.Response.StatusCode switch
            {
                StatusCodes.Status405MethodNotAllowed => new KazooException(StatusCodes.Status405MethodNotAllowed, "invalid_method",
                    new System.Text.Json.Nodes.JsonObject { ["message"] = $"{http.Request.Method} is not allowed on this path" }),
                StatusCodes.Status404NotFound => new KazooException(StatusCodes.Status404NotFound, "not_found",
                    new System.Text.Json.Nodes.JsonObject { ["message"] = "No such resource" }),
                StatusCodes.Status401Unauthorized => KazooException.Unauthorized(),
                StatusCodes.Status403Forbidden => KazooException.Forbidden(),
                _ => null,
            };
            if (error is not null) await KazooResult.Error(error).ExecuteAsync(http);
        });
}
