using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Documents;

/// <summary>Kazoo's connectivity resource: <c>/v2/accounts/{ACCOUNT_ID}/connectivity[/{CONNECTIVITY_ID}]</c>.</summary>
public static class ConnectivityApi
{
    public static RouteGroupBuilder MapConnectivityApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/accounts/{accountId}/connectivity").RequireAccountAccess().WithTags("Connectivity");

        group.MapGet("", ListDocuments).WithName(nameof(ListDocuments));
        group.MapPut("", CreateDocument).WithName(nameof(CreateDocument));
        group.MapGet("/{id}", GetDocument).WithName(nameof(GetDocument));
        group.MapPost("/{id}", ReplaceDocument).WithName(nameof(ReplaceDocument));
        group.MapPatch("/{id}", PatchDocument).WithName(nameof(PatchDocument));
        group.MapDelete("/{id}", DeleteDocument).WithName(nameof(DeleteDocument));
        group.MapGet("/{id}/revisions", ListRevisions).WithName(nameof(ListRevisions));
        group.MapGet("/{id}/revisions/{revision}", GetRevision).WithName(nameof(GetRevision));
        return group;
    }

    public static async Task<KazooResult> ListDocuments(string accountId, HttpContext context, DocumentListing listing)
    {
        EnsureAccountId(accountId);
        var query = ListQuery.From(context.Request.Query);
        var page = await listing.ListAsync(accountId, query, context.RequestAborted);
        var result = KazooResult.Ok(context, new JsonArray([.. page.Ids.Select(id => JsonValue.Create(id))]));
        result.Envelope["page_size"] = page.Ids.Count;
        if (query.StartKey is not null) result.Envelope["start_key"] = query.StartKey;
        if (page.NextStartKey is not null) result.Envelope["next_start_key"] = page.NextStartKey;
        return result;
    }

    public static async Task<KazooResult> CreateDocument(string accountId, HttpContext context, ConnectivityStore store)
    {
        EnsureAccountId(accountId);
        var data = await KazooRequest.ReadDataAsync(context);
        var created = await store.CreateAsync(accountId, data, context.User.IsSuperDuperAdmin(), context.RequestAborted);
        return KazooResult.Created(context, created.Data, created.Revision, $"/v2/accounts/{accountId}/connectivity/{created.Id}");
    }

    public static async Task<IResult> GetDocument(string accountId, string id, HttpContext context, ConnectivityStore store)
    {
        EnsureIds(accountId, id);
        var document = await store.GetAsync(accountId, id, context.RequestAborted);
        if (context.Request.Headers.TryGetValue(HeaderNames.IfNoneMatch, out var ifNoneMatch) &&
            RevisionHeaders.Matches(ifNoneMatch.ToString(), document.Revision))
            return new NotModified(document.Revision);
        return KazooResult.Ok(context, document.Data, document.Revision);
    }

    public static async Task<KazooResult> ReplaceDocument(string accountId, string id, HttpContext context, ConnectivityStore store)
    {
        EnsureIds(accountId, id);
        var data = await KazooRequest.ReadDataAsync(context);
        var changed = await store.ReplaceAsync(accountId, id, data, RevisionHeaders.IfMatch(context.Request), context.User.IsSuperDuperAdmin(), context.RequestAborted);
        return KazooResult.Ok(context, changed.Data, changed.Revision);
    }

    public static async Task<KazooResult> PatchDocument(string accountId, string id, HttpContext context, ConnectivityStore store)
    {
        EnsureIds(accountId, id);
        var data = await KazooRequest.ReadDataAsync(context);
        var patched = await store.PatchAsync(accountId, id, data, RevisionHeaders.IfMatch(context.Request), context.User.IsSuperDuperAdmin(), context.RequestAborted);
        return KazooResult.Ok(context, patched.Data, patched.Revision);
    }

    public static async Task<KazooResult> DeleteDocument(string accountId, string id, HttpContext context, ConnectivityStore store)
    {
        EnsureIds(accountId, id);
        var deleted = await store.DeleteAsync(accountId, id, RevisionHeaders.IfMatch(context.Request), context.RequestAborted);
        return KazooResult.Ok(context, deleted.Data, deleted.Revision);
    }

    /// <summary>The document's history, newest first: what each write was and when. Not part of Kazoo's API.</summary>
    public static async Task<KazooResult> ListRevisions(string accountId, string id, HttpContext context, ConnectivityStore store)
    {
        EnsureIds(accountId, id);
        var history = await store.HistoryAsync(accountId, id, context.RequestAborted);
        return KazooResult.Ok(context, new JsonArray([.. history.Select(r => (JsonNode)new JsonObject
        {
            ["revision"] = r.Revision,
            ["operation"] = r.Operation,
            ["modified"] = r.WrittenAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        })]));
    }

    /// <summary>
    /// The document as one revision left it (<c>{n}</c> or <c>{n}-{hash}</c>); POSTing its data back restores it.
    /// </summary>
    public static async Task<KazooResult> GetRevision(string accountId, string id, string revision, HttpContext context, ConnectivityStore store)
    {
        EnsureIds(accountId, id);
        if (!RevisionIds.TryParse(revision, out var revisionNumber, out var full)) throw KazooException.BadIdentifier(revision);
        var document = await store.RevisionAsync(accountId, id, revisionNumber, context.RequestAborted);
        if (full && revision != document.Revision) throw KazooException.BadIdentifier(revision);
        return KazooResult.Ok(context, document.Data, document.Revision);
    }

    private static void EnsureAccountId(string accountId)
    {
        if (!DocumentIds.IsValid(accountId)) throw KazooException.BadIdentifier(accountId);
    }

    private static void EnsureIds(string accountId, string id)
    {
        EnsureAccountId(accountId);
        if (!DocumentIds.IsValid(id)) throw KazooException.BadIdentifier(id);
    }

    private sealed class NotModified(string revision) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            httpContext.Response.Headers.ETag = RevisionHeaders.ToETag(revision);
            return Task.CompletedTask;
        }
    }
}
