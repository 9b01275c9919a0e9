using System.Text.Json.Nodes;

namespace Connectivity.Tests.Api;

/// <summary>Documents shaped like the ones billing systems and Kazoo's PBX Connector send.</summary>
public static class TestDocuments
{
    private static int _sequence = Random.Shared.Next(0, 500_000);

    /// <summary>A US number no other test of this run uses, in E.164.</summary>
    public static string NewNumber()
    {
        var n = Interlocked.Increment(ref _sequence);
        return $"+1415{2_000_000 + n % 8_000_000:D7}";
    }

    public static string NewUser() => "user" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A SIP realm no other test uses: a realm belongs to the first account whose document names it.</summary>
    public static string NewRealm() => $"acme-{Guid.NewGuid().ToString("N")[..12]}.sip.example.com";

    public static JsonObject Trunk(params string[] dids)
    {
        var didObject = new JsonObject();
        foreach (var did in dids) didObject[did] = new JsonObject();
        return new JsonObject
        {
            ["name"] = "Acme PBX",
            ["account"] = new JsonObject
            {
                ["trunks"] = 4,
                ["auth_realm"] = NewRealm(),
                ["caller_id"] = new JsonObject { ["cid_name"] = "Acme", ["cid_number"] = "+14158867900" },
            },
            ["servers"] = new JsonArray(new JsonObject
            {
                ["name"] = "pbx1",
                ["auth"] = new JsonObject
                {
                    ["auth_method"] = "password",
                    ["auth_user"] = NewUser(),
                    ["auth_password"] = "s3cret-password",
                },
                ["DIDs"] = didObject,
                ["options"] = new JsonObject { ["inbound_format"] = "e164" },
            }),
        };
    }
}
