using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectivity.LocalDatabase;

/// <summary>Where and how <see cref="LocalPostgres"/> runs its cluster.</summary>
public sealed record LocalPostgresOptions
{
    /// <summary>Cluster folder: initialised when missing or empty, reused as it is otherwise.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Application database, created when missing.</summary>
    public string Database { get; init; } = "connectivity";

    /// <summary>Folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>; when null they are looked for on PATH, then in the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    public string? BinariesDirectory { get; init; }

    /// <summary>When false, trades crash safety for speed: <c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> off (a clean stop still keeps every write).</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Deletes <see cref="DataDirectory"/> when the server is disposed.</summary>
    public bool DeleteOnDispose { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>A cluster that keeps its data between runs, e.g. <c>.data/postgres</c> under the content root.</summary>
    public static LocalPostgresOptions Persistent(string dataDirectory, string database = "connectivity") =>
        new() { DataDirectory = Path.GetFullPath(dataDirectory), Database = database };

    /// <summary>A fast cluster in a new temporary folder, deleted on dispose.</summary>
    public static LocalPostgresOptions Temporary(string database = "connectivity") =>
        new()
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "connectivity-postgres-" + Guid.NewGuid().ToString("N")[..12]),
            Database = database,
            Durable = false,
            DeleteOnDispose = true,
        };
}
