using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Npgsql;

namespace Connectivity.Tests.Idempotency;

/// <summary>Sending requests under an <c>Idempotency-Key</c>, and reading what the service kept of them.</summary>
internal static class Keyed
{
    public const string Header = "Idempotency-Key";
    public const string Replayed = "Idempotent-Replayed";

    public static string NewKey() => Guid.NewGuid().ToString();

    public static Action<HttpRequestMessage> With(string key) => request => request.Headers.TryAddWithoutValidation(Header, key);

    public static bool IsReplay(KazooResponse response) => response.Header(Replayed) == "true";

    public static async Task<long> DocumentsAsync(string connectionString, string accountId) =>
        (long)(await Sql.ScalarAsync(connectionString,
            "SELECT count(*) FROM connectivity_documents WHERE account_id = @account", new NpgsqlParameter("account", accountId)))!;

    public static async Task<long> RevisionsAsync(string connectionString, string documentId) =>
        (long)(await Sql.ScalarAsync(connectionString,
            "SELECT count(*) FROM connectivity_revisions WHERE document_id = @id", new NpgsqlParameter("id", documentId)))!;

    public static async Task<long> ChangesAsync(string connectionString, string accountId) =>
        (long)(await Sql.ScalarAsync(connectionString,
            "SELECT count(*) FROM connectivity_changes WHERE account_id = @account", new NpgsqlParameter("account", accountId)))!;

    public static async Task<long> RecordsAsync(string connectionString, string accountId) =>
        (long)(await Sql.ScalarAsync(connectionString,
            "SELECT count(*) FROM connectivity_idempotency_keys WHERE account_id = @account", new NpgsqlParameter("account", accountId)))!;
}
