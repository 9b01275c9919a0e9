using System.Globalization;
using System.Text;
using Connectivity.Api.Kazoo;
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

    // Kazoo timestamps are Gregorian seconds (seconds since year 0); this is 1970-01-01 in them.
    private const long GregorianUnixEpoch = 62_167_219_200;

    public static ListQuery From(IQueryCollection query)
    {
        var paginate = !string.Equals(query["paginate"], "false", StringComparison.OrdinalIgnoreCase);
        int? pageSize = paginate ? PageSizeFrom(query["page_size"]) : null;
        var startKey = paginate && !string.IsNullOrEmpty(query["start_key"]) ? query["start_key"].ToString() : null;
        var filters = new List<ListFilter>();
        foreach (var (name, values) in query)
            foreach (var value in values)
                if (FilterFrom(name, value ?? "") is { } filter) filters.Add(filter);
        return new ListQuery(pageSize, startKey, startKey is null ? null : DecodeStartKey(startKey), filters);
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

    /// <summary>Gregorian seconds (Kazoo's own timestamps), Unix seconds, or an ISO 8601 date-time.</summary>
    private static DateTimeOffset Timestamp(string name, string value)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            var unix = seconds >= GregorianUnixEpoch ? seconds - GregorianUnixEpoch : seconds;
            if (unix <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return DateTimeOffset.FromUnixTimeSeconds(unix);
        }
        else if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        throw KazooException.InvalidParameter(name, "Must be Gregorian seconds, Unix seconds or an ISO 8601 date-time", value);
    }
}

public enum FilterKind { Equal, NotEqual, HasKey, KeyMissing, HasValue, CreatedFrom, CreatedTo, ModifiedFrom, ModifiedTo }

public sealed record ListFilter(FilterKind Kind, string[] Path, string? Value, DateTimeOffset? Time = null);
