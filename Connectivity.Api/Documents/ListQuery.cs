using System.Globalization;
using System.Text;
using Connectivity.Api.Kazoo;
using Connectivity.Domain.Documents;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectivity.Api.Documents;

/// <summary>
/// A listing request read from Kazoo's query parameters: paging plus the <c>filter_*</c>, <c>has_key</c>,
/// <c>key_missing</c>, <c>has_value</c>, <c>created_*</c> and <c>modified_*</c> filters, all ANDed.
/// </summary>
public sealed record ListQuery(
    int? PageSize,
    string? StartKey,
    string? AfterId,
    IReadOnlyList<ListFilter> Filters)
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;


    public static ListQuery From(IQueryCollection query)
    {
        var paginate = !string.Equals(query["paginate"], "false", StringComparison.OrdinalIgnoreCase);
        int? pageSize = paginate ? PageSizeFrom(query["page_size"]) : null;
        var startKey = paginate && !string.IsNullOrEmpty(query["start_key"]) ? query["start_key"].ToString() : null;
        var filters = new List<ListFilter>();
        foreach (var (name, values) in query)
            foreach (var value in values)
            {
                EnsureStorable(name, value ?? "");
                if (FilterFrom(name, value ?? "") is { } filter) filters.Add(filter);
            }
        return new ListQuery(pageSize, startKey, startKey is null ? null : DecodeStartKey(startKey), filters);
    }

    /// <summary>Filters reach PostgreSQL as text: NUL or a lone surrogate there would fail the query, not match nothing.</summary>
    private static void EnsureStorable(string name, string value)
    {
        if (ValueLimits.IsStorableText(name) && ValueLimits.IsStorableText(value)) return;
        throw KazooException.InvalidParameter(ValueLimits.Printable(name), "Must be text without NUL characters or lone surrogates", null);
    }

    public static string EncodeStartKey(string id) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(id));

    private static string DecodeStartKey(string startKey)
    {
        try
        {
            var id = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(startKey));
            if (DocumentIds.IsValid(id)) return id;
        }
        catch (FormatException)
        {
        }
        throw KazooException.InvalidParameter("start_key", "Not a start_key returned by this service", startKey);
    }

    private static int PageSizeFrom(string? value)
    {
        if (string.IsNullOrEmpty(value)) return DefaultPageSize;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            throw KazooException.InvalidParameter("page_size", "Must be a positive integer", value);
        return Math.Min(size, MaxPageSize);
    }

    private static ListFilter? FilterFrom(string name, string value) => name switch
    {
        _ when name.StartsWith("filter_not_", StringComparison.Ordinal) => new ListFilter(FilterKind.NotEqual, Path(name["filter_not_".Length..]), value),
        _ when name.StartsWith("filter_", StringComparison.Ordinal) => new ListFilter(FilterKind.Equal, Path(name["filter_".Length..]), value),
        "has_key" => new ListFilter(FilterKind.HasKey, Path(value), null),
        "key_missing" => new ListFilter(FilterKind.KeyMissing, Path(value), null),
        "has_value" => new ListFilter(FilterKind.HasValue, Path(value), null),
        "created_from" => new ListFilter(FilterKind.CreatedFrom, [], null, Timestamp(name, value)),
        "created_to" => new ListFilter(FilterKind.CreatedTo, [], null, Timestamp(name, value)),
        "modified_from" => new ListFilter(FilterKind.ModifiedFrom, [], null, Timestamp(name, value)),
        "modified_to" => new ListFilter(FilterKind.ModifiedTo, [], null, Timestamp(name, value)),
        _ => null,
    };

    private static string[] Path(string dotted)
    {
        var path = dotted.Split('.');
        return path.Any(string.IsNullOrEmpty)
            ? throw KazooException.InvalidParameter(dotted, "Not a dotted key path", dotted)
            : path;
    }

    private static DateTimeOffset Timestamp(string name, string value) =>
        KazooTime.TryParse(value, out var time)
            ? time
            : throw KazooException.InvalidParameter(name, "Must be Gregorian seconds, Unix seconds or an ISO 8601 date-time", value);
}

public enum FilterKind { Equal, NotEqual, HasKey, KeyMissing, HasValue, CreatedFrom, CreatedTo, ModifiedFrom, ModifiedTo }

public sealed record ListFilter(FilterKind Kind, string[] Path, string? Value, DateTimeOffset? Time = null);
