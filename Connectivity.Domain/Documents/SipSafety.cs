using System.Text.Json;
using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Documents;

/// <summary>
/// The values call routers and registrars write into SIP messages: the realm, <c>auth_user</c>, custom headers and
/// caller ids, at every level a call setting is read from (DID, server options, account). Each must fit the SIP
/// syntax it lands in, so that no document can add a header line, a second address or a Via to a call's signalling.
/// </summary>
public static class SipSafety
{
    private static readonly string[] CallerIds = ["caller_id", "emergency_caller_id"];

    public static ValidationErrors Check(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var errors = new ValidationErrors();

        if (DocumentShape.Object(document, "account") is { } account)
        {
            CheckRealm(account, errors);
            CheckCallSettings(account, "account", errors);
        }

        foreach (var (index, server) in DocumentShape.Servers(document))
        {
            var serverPath = $"servers.{index}";
            if (DocumentShape.Object(server, "auth") is { } auth) CheckUser(auth, serverPath + ".auth", errors);
            if (DocumentShape.Object(server, "options") is { } options) CheckCallSettings(options, serverPath + ".options", errors);
            if (DocumentShape.Object(server, "DIDs") is not { } dids) continue;
            foreach (var (key, entry) in dids)
            {
                if (entry is JsonObject did) CheckCallSettings(did, $"{serverPath}.DIDs.{ValidationErrors.Segment(key)}", errors);
            }
        }
        return errors;
    }

    /// <summary>The realm registrars find the account by: a host name or an IP address, as in a SIP URI's host.</summary>
    private static void CheckRealm(JsonObject account, ValidationErrors errors)
    {
        if (!DocumentShape.IsPresent(account, "auth_realm")) return;
        const string path = "account.auth_realm";
        if (!DocumentShape.TryGetString(account, "auth_realm", out var realm))
            errors.Add(path, "type", "Value did not match type(s): string", JsonValue.Create("string"), account["auth_realm"]!.DeepClone());
        else if (realm.Length > 0 && !HostNames.IsHostName(realm) && !DocumentIndex.TryCanonicalIp(realm, out _))
            errors.Add(path, "format", "Value is not a valid host name or IP address", value: JsonValue.Create(realm));
    }

    private static void CheckUser(JsonObject auth, string authPath, ValidationErrors errors)
    {
        if (DocumentShape.TryGetString(auth, "auth_user", out var user) && user.Length > 0 && !SipUris.IsUser(user))
            errors.Add(authPath + ".auth_user", "pattern", $"Failed to match pattern '{SipUris.UserPattern}'",
                JsonValue.Create(SipUris.UserPattern), JsonValue.Create(user));
    }

    private static void CheckCallSettings(JsonObject level, string levelPath, ValidationErrors errors)
    {
        if (level.TryGetPropertyValue("sip_headers", out var headers) && headers is not null)
            CheckHeaders(headers, levelPath + ".sip_headers", errors);
        foreach (var name in CallerIds)
        {
            if (DocumentShape.Object(level, name) is not { } callerId) continue;
            foreach (var field in (ReadOnlySpan<string>)["cid_name", "cid_number"])
            {
                if (DocumentShape.TryGetString(callerId, field, out var text) && HasLineBreakOrControl(text, allowTab: false))
                    errors.Add($"{levelPath}.{name}.{field}", "format", "Value must not contain control characters", value: JsonValue.Create(text));
            }
        }
    }

    /// <summary><c>sip_headers</c> is a list of objects, each mapping header names to the value written after the colon.</summary>
    private static void CheckHeaders(JsonNode headers, string path, ValidationErrors errors)
    {
        if (headers is not JsonArray list)
        {
            errors.Add(path, "type", "Value did not match type(s): array", JsonValue.Create("array"), headers.DeepClone());
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var elementPath = $"{path}.{i}";
            if (list[i] is not JsonObject header)
            {
                errors.Add(elementPath, "type", "Value did not match type(s): object", JsonValue.Create("object"), list[i]?.DeepClone());
                continue;
            }
            foreach (var (name, value) in header)
            {
                var valuePath = ValidationErrors.Join(elementPath, ValidationErrors.Segment(name));
                if (!SipUris.IsToken(name))
                    errors.Add(valuePath, "pattern", $"Header name must match pattern '{SipUris.TokenPattern}'",
                        JsonValue.Create(SipUris.TokenPattern), JsonValue.Create(name));
                CheckHeaderValue(value, valuePath, errors);
            }
        }
    }

    private static void CheckHeaderValue(JsonNode? value, string path, ValidationErrors errors)
    {
        switch (value?.GetValueKind())
        {
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return;
            case JsonValueKind.String when DocumentShape.TryGetString(value, out var text):
                if (HasLineBreakOrControl(text, allowTab: true))
                    errors.Add(path, "format", "Header value must not contain CR, LF or other control characters", value: JsonValue.Create(text));
                return;
            default:
                errors.Add(path, "type", "Value did not match type(s): string, number, boolean",
                    new JsonArray("string", "number", "boolean"), value?.DeepClone());
                return;
        }
    }

    /// <summary>C0 and C1 controls, DEL and the Unicode line and paragraph separators; a header value may hold a tab.</summary>
    private static bool HasLineBreakOrControl(string text, bool allowTab) =>
        text.Any(c => (char.IsControl(c) && !(allowTab && c == '\t')) || c is '\u2028' or '\u2029');
}
