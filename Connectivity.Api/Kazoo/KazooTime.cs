using System.Globalization;

namespace Connectivity.Api.Kazoo;

/// <summary>Kazoo's two ways of writing time: ISO 8601 to the second in UTC, and Gregorian seconds (since year 0).</summary>
public static class KazooTime
{
    /// <summary>1970-01-01 in Gregorian seconds.</summary>
    private const long GregorianUnixEpoch = 62_167_219_200;

    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static long GregorianSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds() + GregorianUnixEpoch;

    /// <summary>Gregorian seconds (Kazoo's own timestamps), Unix seconds, or an ISO 8601 date-time.</summary>
    public static bool TryParse(string value, out DateTimeOffset time)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            var unix = seconds >= GregorianUnixEpoch ? seconds - GregorianUnixEpoch : seconds;
            var inRange = unix <= DateTimeOffset.MaxValue.ToUnixTimeSeconds();
            time = inRange ? DateTimeOffset.FromUnixTimeSeconds(unix) : default;
            return inRange;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
