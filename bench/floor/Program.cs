using System.Data;
using Npgsql;

// The raw floor of bench/lookups/run: the thinnest ASP.NET Core + Npgsql app serving the service's four read routes
// with the service's queries, returning the row as JSON. No authentication, no EF Core, no validation, no envelope.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration.GetConnectionString("Connectivity")
                       ?? throw new InvalidOperationException("ConnectionStrings__Connectivity is not set");
await using var dataSource = NpgsqlDataSource.Create(connectionString);

var app = builder.Build();
app.MapGet("/v2/lookups/dids/{number}", (string number, HttpContext context) =>
    Lookup(context, Queries.Did, number));
app.MapGet("/v2/lookups/credentials/{realm}/{username}", (string realm, string username, HttpContext context) =>
    Lookup(context, Queries.Credential, realm.ToLowerInvariant(), username.ToLowerInvariant()));
app.MapGet("/v2/lookups/ips/{ip}", (string ip, HttpContext context) =>
    Lookup(context, Queries.Ip, ip));
app.MapGet("/v2/accounts/{accountId}/connectivity/{id}", (string accountId, string id, HttpContext context) =>
    Document(context, id, accountId));
app.Run();

// {"account_id":..,"document_id":..,"server_index":..,"body":{stored body}}
async Task Lookup(HttpContext context, string sql, params string[] arguments)
{
    await using var command = dataSource.CreateCommand(sql);
    foreach (var argument in arguments) command.Parameters.Add(new NpgsqlParameter { Value = argument });
    await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, context.RequestAborted);
    if (!await reader.ReadAsync(context.RequestAborted)) { context.Response.StatusCode = StatusCodes.Status404NotFound; return; }
    var json = $$"""{"account_id":"{{reader.GetString(0)}}","document_id":"{{reader.GetString(1)}}","server_index":{{reader.GetInt32(2)}},"body":{{reader.GetString(3)}}}""";
    context.Response.ContentType = "application/json";
    await context.Response.WriteAsync(json, context.RequestAborted);
}

// {"id":..,"revision":..,"body":{stored body}}
async Task Document(HttpContext context, string id, string accountId)
{
    await using var command = dataSource.CreateCommand(Queries.Document);
    command.Parameters.Add(new NpgsqlParameter { Value = id });
    command.Parameters.Add(new NpgsqlParameter { Value = accountId });
    await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
    if (!await reader.ReadAsync(context.RequestAborted)) { context.Response.StatusCode = StatusCodes.Status404NotFound; return; }
    var json = $$"""{"id":"{{reader.GetString(0)}}","revision":"{{reader.GetInt32(7)}}-{{reader.GetString(6)}}","body":{{reader.GetString(2)}}}""";
    context.Response.ContentType = "application/json";
    await context.Response.WriteAsync(json, context.RequestAborted);
}

/// <summary>The service's queries, as LookupTables holds them and as EF Core sends ConnectivityStore.GetAsync.</summary>
static class Queries
{
    public const string Did = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_dids l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.number = $1 AND NOT doc.deleted
        """;

    public const string Credential = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_credentials l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.realm = $1 AND l.username = $2 AND NOT doc.deleted
        """;

    public const string Ip = """
        SELECT l.account_id, l.document_id, l.server_index, doc.body
        FROM connectivity_ips l JOIN connectivity_documents doc ON doc.id = l.document_id
        WHERE l.address = $1 AND NOT doc.deleted
        """;

    public const string Document = """
        SELECT c.id, c.account_id, c.body, c.created_at, c.deleted, c.modified_at, c.revision_hash, c.revision_number
        FROM connectivity_documents AS c
        WHERE c.id = $1 AND c.account_id = $2 AND NOT (c.deleted)
        LIMIT 2
        """;
}
