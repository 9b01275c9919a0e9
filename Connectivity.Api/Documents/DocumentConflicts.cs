using System.Text.Json.Nodes;
using Connectivity.Api.Kazoo;
using Connectivity.Api.Lookups;
using Connectivity.Api.Telemetry;

namespace Connectivity.Api.Documents;

/// <summary>A write refused because other documents hold some of its numbers, credentials or IPs: Kazoo's 409.</summary>
internal static class DocumentConflicts
{
    public static KazooException Rejected(string accountId, LookupConflicts conflicts, ConnectivityMetrics metrics)
    {
        if (conflicts.Dids.Count > 0) metrics.ConflictRejected("did");
        if (conflicts.Credentials.Count > 0) metrics.ConflictRejected("credential");
        if (conflicts.Ips.Count > 0) metrics.ConflictRejected("ip");
        return KazooException.Conflict(Data(accountId, conflicts));
    }

    /// <summary>
    /// Names what is already taken. The holding document is named only when it belongs to the same account:
    /// another account's document ids are not this caller's business.
    /// </summary>
    private static JsonObject Data(string accountId, LookupConflicts conflicts)
    {
        string? Holder(string holderAccount, string documentId) => holderAccount == accountId ? documentId : null;

        var data = new JsonObject { ["message"] = "Already in use by another connectivity document" };
        if (conflicts.Dids.Count > 0)
        {
            data["numbers"] = new JsonArray([.. conflicts.Dids.Select(d => JsonValue.Create(d.Number))]);
            var held = new JsonObject();
            foreach (var did in conflicts.Dids) held[did.Number] = Named(new JsonObject(), Holder(did.AccountId, did.DocumentId));
            data["dids"] = held;
        }
        if (conflicts.Credentials.Count > 0)
            data["credentials"] = new JsonArray([.. conflicts.Credentials.Select(c => Named(
                new JsonObject { ["realm"] = c.Realm, ["username"] = c.Username }, Holder(c.AccountId, c.DocumentId)))]);
        if (conflicts.Ips.Count > 0)
            data["ips"] = new JsonArray([.. conflicts.Ips.Select(i => Named(new JsonObject { ["ip"] = i.Address }, Holder(i.AccountId, i.DocumentId)))]);
        return data;
    }

    private static JsonObject Named(JsonObject entry, string? holder)
    {
        if (holder is not null) entry["connectivity_id"] = holder;
        return entry;
    }
}
