using System.Text.Json.Nodes;
using Connectivity.Domain.Routing;
using Doc = Connectivity.Tests.Documents.Json;

namespace Connectivity.Tests.Lookups;

public class CallSettingsTests
{
    /// <summary>
    /// Per setting, the value of the level that should win and a different one for every level below it: a setting with
    /// two possible values (<c>media_handling</c>, <c>ignore_early_media</c>) can only differ between the winner and the rest.
    /// </summary>
    private static readonly Dictionary<string, (JsonNode Winner, JsonNode Other)> Samples = new()
    {
        ["failover"] = (Doc.Object("""{"e164":"+14155550001"}"""), Doc.Object("""{"sip":"sip:backup@example.com"}""")),
        ["progress_timeout"] = (JsonValue.Create(6), JsonValue.Create(10)),
        ["media_handling"] = (JsonValue.Create("process"), JsonValue.Create("bypass")),
        ["delay"] = (JsonValue.Create(1), JsonValue.Create(3)),
        ["timeout"] = (JsonValue.Create(20), JsonValue.Create(40)),
        ["ignore_early_media"] = (JsonValue.Create(true), JsonValue.Create(false)),
        ["sip_headers"] = (JsonNode.Parse("""[{"X-Winner":"1"}]""")!, JsonNode.Parse("""[{"X-Other":"1"}]""")!),
        ["caller_id"] = (Doc.Object("""{"cid_number":"+14155550011"}"""), Doc.Object("""{"cid_name":"Other"}""")),
        ["emergency_caller_id"] = (Doc.Object("""{"cid_number":"+14155550021"}"""), Doc.Object("""{"cid_number":"+14155550023"}""")),
        ["flags"] = (JsonNode.Parse("""["winner"]""")!, JsonNode.Parse("""["other"]""")!),
    };

    /// <summary>The settings a DID lookup resolves, as the README lists them.</summary>
    private static readonly string[] Listed =
    [
        "failover", "progress_timeout", "media_handling", "delay", "timeout", "ignore_early_media",
        "sip_headers", "caller_id", "emergency_caller_id", "flags",
    ];

    public static TheoryData<string> Settings() => [.. Listed];

    [Theory]
    [MemberData(nameof(Settings))]
    public void A_value_on_the_DID_wins_over_the_server_and_the_account(string name)
    {
        var (winner, other) = Samples[name];
        var settings = Resolve(name, winner, other, other);
        Doc.AssertEqual(winner, settings[name]);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Without_a_DID_value_the_server_options_value_wins_over_the_account(string name)
    {
        var (winner, other) = Samples[name];
        var settings = Resolve(name, null, winner, other);
        Doc.AssertEqual(winner, settings[name]);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Without_DID_and_server_values_the_account_value_is_used(string name)
    {
        var (winner, _) = Samples[name];
        var settings = Resolve(name, null, null, winner);
        Doc.AssertEqual(winner, settings[name]);
    }

    [Fact]
    public void Every_listed_setting_is_resolved_and_nothing_else()
    {
        var account = new JsonObject { ["unlisted"] = 1 };
        foreach (var (name, (winner, _)) in Samples) account[name] = winner.DeepClone();

        var settings = ResolveNodes(null, null, account);

        Assert.Equal(Listed.Order(), settings.Values.Select(setting => setting.Key).Order());
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void A_setting_absent_at_every_level_is_absent_from_the_result(string name)
    {
        var settings = ResolveNodes(new JsonObject(), new JsonObject(), new JsonObject());
        Assert.DoesNotContain(settings.Values, setting => setting.Key == name);
        Assert.Null(settings[name]);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void A_json_null_counts_as_absent_and_the_next_level_is_asked(string name)
    {
        var (winner, other) = Samples[name];
        var settings = ResolveNodes(new JsonObject { [name] = null }, new JsonObject { [name] = winner.DeepClone() }, Level(name, other));
        Doc.AssertEqual(winner, settings[name]);
    }

    [Fact]
    public void A_value_on_the_DID_is_used_when_the_server_and_account_have_none()
    {
        var settings = ResolveNodes(Doc.Object("""{"timeout":15}"""), Doc.Object("{}"), null);
        Doc.AssertEqual(JsonValue.Create(15), settings["timeout"]);
    }

    [Fact]
    public void Missing_server_options_and_account_objects_are_tolerated()
    {
        var settings = ResolveNodes(null, null, null);
        Assert.Empty(settings.Values);
    }

    [Fact]
    public void A_failover_with_both_a_number_and_a_sip_uri_resolves_to_the_number()
    {
        var settings = ResolveNodes(Doc.Object("""{"failover":{"sip":"sip:backup@example.com","e164":"+14155550001"}}"""), null, null);
        Doc.AssertEqual(Doc.Object("""{"e164":"+14155550001"}"""), settings["failover"]);
    }

    [Fact]
    public void A_failover_with_only_a_sip_uri_resolves_to_the_uri()
    {
        var settings = ResolveNodes(null, Doc.Object("""{"failover":{"sip":"sip:backup@example.com"}}"""), null);
        Doc.AssertEqual(Doc.Object("""{"sip":"sip:backup@example.com"}"""), settings["failover"]);
    }

    [Fact]
    public void An_empty_failover_on_the_DID_does_not_hide_the_server_failover()
    {
        var settings = ResolveNodes(Doc.Object("""{"failover":{}}"""), Doc.Object("""{"failover":{"e164":"+14155550002"}}"""), null);
        Doc.AssertEqual(Doc.Object("""{"e164":"+14155550002"}"""), settings["failover"]);
    }

    [Fact]
    public void A_caller_id_without_name_or_number_does_not_hide_the_next_level()
    {
        var settings = ResolveNodes(Doc.Object("""{"caller_id":{}}"""), Doc.Object("""{"caller_id":{"cid_name":null}}"""),
            Doc.Object("""{"caller_id":{"cid_name":"Acme"}}"""));
        Doc.AssertEqual(Doc.Object("""{"cid_name":"Acme"}"""), settings["caller_id"]);
    }

    private static CallSettings Resolve(string name, JsonNode? did, JsonNode? server, JsonNode? account) =>
        ResolveNodes(Level(name, did), Level(name, server), Level(name, account));

    private static CallSettings ResolveNodes(JsonObject? did, JsonObject? server, JsonObject? account) =>
        CallSettings.Resolve(Doc.Element(did), Doc.Element(server), Doc.Element(account));

    private static JsonObject Level(string name, JsonNode? value) =>
        value is null ? new JsonObject { ["unrelated"] = 1 } : new JsonObject { [name] = value.DeepClone() };
}
