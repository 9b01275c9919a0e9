using System.Text.Json.Nodes;
using Connectivity.Api.Auth;
using Connectivity.Api.Idempotency;
using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connectivity.Api.Documents;

/// <summary>Kazoo's connectivity resource: <c>/v2/accounts/{ACCOUNT_ID}/connectivity[/{CONNECTIVITY_ID}]</c>.</summary>
public static class ConnectivityApi
{
    public static RouteGroupBuilder MapConnectivityApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/accounts/{accountId}/connectivity")
            .RequireAccountAccess()
            .RequireKazooIds("accountId", "id")
            .WithTags("Connectivity");

        group.MapGet("", ListDocuments).WithName(nameof(ListDocuments))
            .WithSummary("List the account's connectivity document ids, paginated and filtered as Kazoo does");
        group.MapPut("", CreateDocument).WithName(nameof(CreateDocument))
            .WithSummary("Create a connectivity document").WithIdempotency();
        group.MapPost("/batch", ApplyBatch).WithName(nameof(ApplyBatch))
            .WithSummary("Apply several changes of the account's documents in one transaction: all of them or none").WithIdempotency();
        group.MapGet("/{id}", GetDocument).WithName(nameof(GetDocument))
            .WithSummary("Fetch a connectivity document (If-None-Match answers 304)");
        group.MapPost("/{id}", ReplaceDocument).WithName(nameof(ReplaceDocument))
            .WithSummary("Replace every public field of a connectivity document").WithIdempotency();
        group.MapPatch("/{id}", PatchDocument).WithName(nameof(PatchDocument))
            .WithSummary("Merge fields into a connectivity document; null deletes a key").WithIdempotency();
        group.MapDelete("/{id}", DeleteDocument).WithName(nameof(DeleteDocument))
            .WithSummary("Delete a connectivity document").WithIdempotency();
        group.MapGet("/{id}/revisions", ListRevisions).WithName(nameof(ListRevisions))
            .WithSummary("A document's kept revisions, newest first");
        group.MapGet("/{id}/revisions/{revision}", GetRevision).WithName(nameof(GetRevision))
            .WithSummary("A document as one revision left it");
        return group;
    }

    public static async Task<KazooResult> ListDocuments(string accountId, HttpRequest request, DocumentListing listing, CancellationToken cancellationToken)
    {
        var query = ListQuery.From(request.Query);
        var page = await listing.ListAsync(accountId, query, cancellationToken);
        return KazooResult.Page(page.Ids, query.StartKey, page.NextStartKey);
    }

    public static async Task<KazooResult> CreateDocument(string accountId, HttpContext context, KazooRequest kazooRequest,
        ConnectivityStore store, IdempotentRequest idempotent, CancellationToken cancellationToken)
    {
        var data = await kazooRequest.ReadDataAsync(context.Request, cancellationToken);
        idempotent.RespondWith<StoredDocument>(created => Created(accountId, created));
        return Created(accountId, await store.CreateAsync(accountId, data, context.User.IsSuperDuperAdmin(), cancellationToken));
    }

    private static KazooResult Created(string accountId, StoredDocument created) =>
        KazooResult.Created(created.Data, $"/v2/accounts/{accountId}/connectivity/{created.Id}", created.Revision);

    /// <summary>
    /// A batch of creates, replaces, patches and deletes of the account's documents, committed together or not at all:
    /// 200 with every item's result, or the failure's status with every item's result (see <see cref="BatchOutcome"/>).
    /// </summary>
    public static async Task<KazooResult> ApplyBatch(
        string accountId, HttpContext context, KazooRequest kazooRequest, ConnectivityStore store, IOptions<ConnectivityOptions> options,
        IdempotentRequest idempotent, CancellationToken cancellationToken)
    {
        idempotent.RespondWith<BatchOutcome>(applied => KazooResult.Ok(applied.Results()));
        var data = await kazooRequest.ReadDataArrayAsync(context.Request, cancellationToken);
        var items = BatchItem.Parse(data, options.Value.MaxBatchItems);
        var outcome = await store.ApplyBatchAsync(accountId, items, context.User.IsSuperDuperAdmin(), cancellationToken);
        if (outcome.Applied) return KazooResult.Ok(outcome.Results());
        var failure = outcome.Failure;
        return KazooResult.Error(new KazooException(failure.StatusCode, failure.KazooMessage, outcome.Results()));
    }

    public static async Task<IResult> GetDocument(string accountId, string id, HttpRequest request, StoredDocumentReader documents, CancellationToken cancellationToken)
    {
        var (body, revision) = await documents.GetAsync(accountId, id, cancellationToken);
        if (request.Headers.TryGetValue(HeaderNames.IfNoneMatch, out var ifNoneMatch) &&
            RevisionHeaders.Matches(ifNoneMatch.ToString(), revision))
            return new NotModified(revision);
        return KazooResult.Ok(writer => StoredDocument.WriteData(writer, id, body), revision);
    }

    public static async Task<KazooResult> ReplaceDocument(string accountId, string id, HttpContext context, KazooRequest kazooRequest,
        ConnectivityStore store, IdempotentRequest idempotent, CancellationToken cancellationToken)
    {
        var data = await kazooRequest.ReadDataAsync(context.Request, cancellationToken);
        idempotent.RespondWith<StoredDocument>(Written);
        return Written(await store.ReplaceAsync(
            accountId, id, data, RevisionHeaders.IfMatch(context.Request), context.User.IsSuperDuperAdmin(), cancellationToken));
    }

    public static async Task<KazooResult> PatchDocument(string accountId, string id, HttpContext context, KazooRequest kazooRequest,
        ConnectivityStore store, IdempotentRequest idempotent, CancellationToken cancellationToken)
    {
        var data = await kazooRequest.ReadDataAsync(context.Request, cancellationToken);
        idempotent.RespondWith<StoredDocument>(Written);
        return Written(await store.PatchAsync(
            accountId, id, data, RevisionHeaders.IfMatch(context.Request), context.User.IsSuperDuperAdmin(), cancellationToken));
    }

    public static async Task<KazooResult> DeleteDocument(
        string accountId, string id, HttpRequest request, ConnectivityStore store, IdempotentRequest idempotent, CancellationToken cancellationToken)
    {
        idempotent.RespondWith<StoredDocument>(Written);
        return Written(await store.DeleteAsync(accountId, id, RevisionHeaders.IfMatch(request), cancellationToken));
    }

    private static KazooResult Written(StoredDocument document) => KazooResult.Ok(document.Data, document.Revision);

    /// <summary>The document's history, newest first: what each write was and when. Not part of Kazoo's API.</summary>
    public static async Task<KazooResult> ListRevisions(string accountId, string id, ConnectivityStore store, CancellationToken cancellationToken)
    {
        var history = await store.HistoryAsync(accountId, id, cancellationToken);
        return KazooResult.Ok(new JsonArray([.. history.Select(entry => (JsonNode)new JsonObject
        {
            ["revision"] = entry.Revision,
            ["operation"] = entry.Operation,
            ["modified"] = KazooTime.Iso(entry.WrittenAt),
        })]));
    }

    /// <summary>
    /// The document as one revision left it (<c>{n}</c> or <c>{n}-{hash}</c>); POSTing its data back restores it.
    /// </summary>
    public static async Task<KazooResult> GetRevision(
        string accountId, string id, string revision, ConnectivityStore store, CancellationToken cancellationToken)
    {
        if (!RevisionIds.TryParse(revision, out var revisionNumber, out var full)) throw KazooException.BadIdentifier(revision);
        var document = await store.RevisionAsync(accountId, id, revisionNumber, cancellationToken);
        if (full && revision != document.Revision) throw KazooException.BadIdentifier(revision);
        return KazooResult.Ok(document.Data, document.Revision);
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
