using System.Text.Json.Nodes;
using Connectivity.Domain.Validation;

namespace Connectivity.Domain.Documents;

/// <summary>
/// Rules the JSON Schema cannot say and Kazoo never checked: addresses, ports, failover targets
/// and the fields each auth method needs. Values of the wrong JSON type are skipped here; the
/// schema validator reports those.
/// </summary>
public static class SemanticChecks
{
    public static ValidationErrors Check(JsonObject document, Numbers.PhoneNumbers numbers)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(numbers);
        var errors = new ValidationErrors();

        foreach (var (index, server) in DocumentShape.Servers(document))
        {
            var serverPath = $"servers.{index}";

            if (DocumentShape.Object(server, "auth") is { } auth)
            {
                var authPath = serverPath + ".auth";
                CheckAddress(auth, authPath, errors);
                CheckPort(auth, authPath, errors);
                CheckAuthMethodFields(auth, authPath, errors);
            }

            if (DocumentShape.Object(server, "options") is { } options)
            {
                var optionsPath = serverPath + ".options";
                CheckAddress(options, optionsPath, errors);
                CheckPort(options, optionsPath, errors);
                CheckFailover(DocumentShape.Object(options, "failover"), optionsPath + ".failover", numbers, errors);
            }

            if (DocumentShape.Object(server, "DIDs") is { } dids)
            {
                foreach (var (key, entry) in dids)
                {
                    var failoverPath = $"{serverPath}.DIDs.{ValidationErrors.Segment(key)}.failover";
                    CheckFailover(DocumentShape.Object(entry as JsonObject, "failover"), failoverPath, numbers, errors);
                }
            }
        }
        return errors;
    }

    private static void CheckAddress(JsonObject parent, string parentPath, ValidationErrors errors)
    {
        if (!DocumentShape.TryGetString(parent, "ip", out var ip)) return;
        if (DocumentIndex.TryCanonicalIp(ip, out _) || HostNames.IsHostName(ip)) return;
        errors.Add(parentPath + ".ip", "format", "Value is not a valid IP address or host name", value: JsonValue.Create(ip));
    }

    private static void CheckPort(JsonObject parent, string parentPath, ValidationErrors errors)
    {
        // Only integers: a fractional port is a type error, which the schema validator reports.
        if (!DocumentShape.TryGetNumber(parent, "port", out var port) || port != Math.Floor(port)) return;
        var value = parent["port"]!.DeepClone();
        if (port < 1)
            errors.Add(parentPath + ".port", "minimum", "Value must be at least 1", target: JsonValue.Create(1), value: value);
        else if (port > 65535)
            errors.Add(parentPath + ".port", "maximum", "Value must be at most 65535", target: JsonValue.Create(65535), value: value);
    }

    private static void CheckAuthMethodFields(JsonObject auth, string authPath, ValidationErrors errors)
    {
        string[] required = AuthMethods.Of(auth) switch
        {
            AuthMethod.Password => ["auth_user", "auth_password"],
            AuthMethod.Ip => ["ip"],
            _ => [],
        };
        foreach (var field in required)
        {
            if (!DocumentShape.IsPresent(auth, field))
                errors.Add(authPath + "." + field, "required", "Field is required but missing");
        }
    }

    private static void CheckFailover(JsonObject? failover, string failoverPath, Numbers.PhoneNumbers numbers, ValidationErrors errors)
    {
        if (failover is null) return;
        if (DocumentShape.TryGetString(failover, "e164", out var e164) && !numbers.TryNormalize(e164, out _))
            errors.Add(failoverPath + ".e164", "format", "Value is not a valid phone number", value: JsonValue.Create(e164));
        if (DocumentShape.TryGetString(failover, "sip", out var sip) && !SipUris.IsSipUri(sip))
            errors.Add(failoverPath + ".sip", "format", "Value is not a valid SIP URI", value: JsonValue.Create(sip));
    }
}
