using System.Text;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Connectivity.Api.Documents;

/// <summary>One page of an account's live document ids, with every filter evaluated by PostgreSQL.</summary>
public sealed record DocumentPage(IReadOnlyList<string> Ids, string? NextStartKey);

public sealed class DocumentListing(ConnectivityDbContext db, DatastoreResilience resilience, IOptions<ConnectivityOptions> options)
{
    /// <summary>A page, or with <c>paginate=false</c> every id up to <see cref="ConnectivityOptions.MaxUnpaginatedDocuments"/>.</summary>
    public async Task<DocumentPage> ListAsync(string accountId, ListQuery query, CancellationToken cancellationToken)
    {
        var limit = query.PageSize ?? options.Value.MaxUnpaginatedDocuments;
        var ids = await resilience.ReadAsync(token => QueryIdsAsync(accountId, query, limit, token), cancellationToken);
        if (ids.Count <= limit) return new DocumentPage(ids, null);
        if (query.PageSize is null) throw KazooException.ListingTooLarge(limit);
        ids.RemoveAt(ids.Count - 1);
        return new DocumentPage(ids, ListQuery.EncodeStartKey(ids[^1]));
    }

    // The parameters are made anew for each attempt: an NpgsqlParameter belongs to one command.
    // One row past the limit tells whether there is more.
    private Task<List<string>> QueryIdsAsync(string accountId, ListQuery query, int limit, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter> { new("account", accountId) };
        // The (account_id, id) partial index serves both the account scan and the keyset order.
        var sql = new StringBuilder("""SELECT id AS "Value" FROM connectivity_documents WHERE account_id = @account AND NOT deleted""");
        if (query.AfterId is not null)
        {
            sql.Append(" AND id > @after");
            parameters.Add(new("after", query.AfterId));
        }
        foreach (var filter in query.Filters)
        {
            var n = parameters.Count;
            sql.Append(" AND ").Append(Condition(filter, $"@p{n}", $"@v{n}"));
            if (filter.Path.Length > 0) parameters.Add(new($"p{n}", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filter.Path });
            if (filter.Value is not null) parameters.Add(new($"v{n}", filter.Value));
            if (filter.Time is not null) parameters.Add(new($"v{n}", filter.Time.Value.UtcDateTime));
        }
        sql.Append(" ORDER BY id LIMIT ").Append((long)limit + 1);

        return db.Database.SqlQueryRaw<string>(sql.ToString(), [.. parameters]).ToListAsync(cancellationToken);
    }

    // A filter value is compared with the stored value as text (#>>), the way Kazoo compares query strings
    // with document values: filter_account.trunks=5 matches the number 5.
    private static string Condition(ListFilter filter, string path, string value) => filter.Kind switch
    {
        FilterKind.Equal => $"body #>> {path} = {value}",
        FilterKind.NotEqual => $"body #>> {path} IS DISTINCT FROM {value}",
        FilterKind.HasKey => $"body #> {path} IS NOT NULL",
        FilterKind.KeyMissing => $"body #> {path} IS NULL",
        // Braces would be read as placeholders by EF's raw SQL, hence jsonb_build_object() for '{}'.
        FilterKind.HasValue =>
            $"coalesce(body #> {path} NOT IN ('null'::jsonb, to_jsonb(''::text), jsonb_build_array(), jsonb_build_object()), false)",
        FilterKind.CreatedFrom => $"created_at >= {value}",
        FilterKind.CreatedTo => $"created_at <= {value}",
        FilterKind.ModifiedFrom => $"modified_at >= {value}",
        FilterKind.ModifiedTo => $"modified_at <= {value}",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };
}
