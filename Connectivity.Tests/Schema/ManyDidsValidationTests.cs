using System.Text.Json.Nodes;
using Connectivity.Domain.Schema;
using static Connectivity.Tests.Schema.Documents;

namespace Connectivity.Tests.Schema;

public class ManyDidsValidationTests
{
    private static readonly string[] EntryShapes =
    [
        """{}""",
        """{"caller_id": {"cid_name": ""}}""",
        """{"force_outbound": "no"}""",
        """{"caller_id": {"cid_number": ""}, "options": [1, "ok", 2]}""",
        """{"force_outbound": true}""",
    ];

    [Fact]
    public void Repeated_DID_entries_get_the_same_errors_in_the_same_order_as_entries_that_all_differ()
    {
        // An unknown key keeps an entry's verdict (the schema is open) but makes every entry's JSON unique.
        var repeated = KazooErrors(Document(_ => ""));
        var allDifferent = KazooErrors(Document(position => $", \"n\": {position}"));

        Assert.Equal(allDifferent.ToJsonString(), repeated.ToJsonString());
        Assert.True(repeated.Count > 40, repeated.ToJsonString());
    }

    [Fact]
    public void Every_DID_entry_of_a_repeated_invalid_shape_is_reported_at_its_own_key()
    {
        var errors = KazooErrors(Document(_ => ""));

        var reported = errors.Select(error => error.Key).Where(path => path.EndsWith(".caller_id.cid_name", StringComparison.Ordinal)).ToList();
        var expected = Enumerable.Range(0, 2).SelectMany(server => Enumerable.Range(0, 30)
            .Where(entry => entry % EntryShapes.Length == 1)
            .Select(entry => $"servers.{server}.DIDs.+1415555{server}{entry:D3}.caller_id.cid_name")).ToList();
        Assert.Equal(expected, reported);
    }

    private static string Document(Func<int, string> extra)
    {
        var position = 0;
        var servers = Enumerable.Range(0, 2).Select(server =>
        {
            var entries = Enumerable.Range(0, 30).Select(entry =>
            {
                var shape = EntryShapes[entry % EntryShapes.Length];
                var body = shape == "{}" ? "{" + extra(position++).TrimStart(',', ' ') + "}" : shape[..^1] + extra(position++) + "}";
                return $"\"+1415555{server}{entry:D3}\": {body}";
            });
            var auth = server == 0 ? "" : """, "auth": {"auth_method": "password", "auth_user": "u", "auth_password": "p"}""";
            return $$"""{"name": "pbx{{server}}", "DIDs": {"not-a-number": {"force_outbound": "no"}, {{string.Join(", ", entries)}}}{{auth}}}""";
        });
        return $$"""{"name": "many", "servers": [{{string.Join(", ", servers)}}]}""";
    }
}
