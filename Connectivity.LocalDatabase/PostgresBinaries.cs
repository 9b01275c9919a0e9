using System.Text.RegularExpressions;

namespace Connectivity.LocalDatabase;

/// <summary>The machine's PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>, <c>postgres</c>) and their version.</summary>
internal sealed partial record PostgresBinaries(string Directory, string Version)
{
    private const string DebianRoot = "/usr/lib/postgresql";
    private const string MissingHint =
        "install postgresql-15 (apt-get install postgresql-15) or use an existing server " +
        "(ConnectionStrings__Connectivity for the service, CONNECTIVITY_TEST_CONNECTION_STRING for the tests)";

    /// <summary>The major version, e.g. <c>15</c>, as a cluster's <c>PG_VERSION</c> file names it.</summary>
    public string Major => Version.Split('.')[0];

    /// <summary>The full path of one of the tools.</summary>
    public string Tool(string name) => Path.Combine(Directory, name);

    /// <summary>
    /// The binaries in <paramref name="configured"/>, or else on PATH, or else the newest <c>/usr/lib/postgresql/*/bin</c>,
    /// with the version <c>pg_ctl</c> reports.
    /// </summary>
    public static async Task<PostgresBinaries> FindAsync(string? configured, CancellationToken cancellationToken = default)
    {
        var directory = configured is null
            ? FindDirectory() ?? throw new LocalPostgresException(
                $"PostgreSQL binaries not found (looked for initdb and pg_ctl on PATH and in {DebianRoot}/*/bin); {MissingHint}.")
            : HasTools(configured) ? configured
            : throw new LocalPostgresException($"PostgreSQL binaries not found: '{configured}' has no initdb and pg_ctl; {MissingHint}.");
        return new PostgresBinaries(directory, await ReadVersionAsync(directory, cancellationToken));
    }

    /// <summary>Whether PATH or <c>/usr/lib/postgresql/*/bin</c> holds the binaries.</summary>
    public static bool AreInstalled() => FindDirectory() is not null;

    private static string? FindDirectory()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(HasTools);
        if (onPath is not null)
        {
            // Debian links the tools into /usr/local/bin at most; the real folder also holds `postgres`.
            var target = new FileInfo(Path.Combine(onPath, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? onPath : Path.GetDirectoryName(target.FullName)!;
        }

        return System.IO.Directory.Exists(DebianRoot)
            ? System.IO.Directory.EnumerateDirectories(DebianRoot)
                .Select(d => (Directory: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), out var major) ? major : -1))
                .Where(c => c.Major >= 0 && HasTools(c.Directory))
                .OrderByDescending(c => c.Major)
                .Select(c => c.Directory)
                .FirstOrDefault()
            : null;
    }

    private static bool HasTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static async Task<string> ReadVersionAsync(string directory, CancellationToken cancellationToken)
    {
        // --version is answered before pg_ctl's refusal to run as root, so no user switch is needed here.
        var pgCtl = Path.Combine(directory, "pg_ctl");
        var result = await ToolProcess.RunAsync(pgCtl, ["--version"], TimeSpan.FromSeconds(30), cancellationToken);
        var match = VersionPattern().Match(result.Output);
        return result.ExitCode == 0 && match.Success
            ? match.Groups[1].Value
            : throw new LocalPostgresException($"'{pgCtl} --version' gave no PostgreSQL version: {result.Output.Trim()}");
    }

    [GeneratedRegex(@"\(PostgreSQL\) (\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();
}
