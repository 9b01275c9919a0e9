using System.Security.Claims;

namespace Connectivity.Api.Auth;

/// <summary>The claims of a Kazoo token this service acts on.</summary>
public static class KazooClaims
{
    public const string AccountId = "account_id";
    public const string SuperDuperAdmin = "is_superduper_admin";
    public const string Scope = "scope";
    public const string LookupScope = "connectivity:lookup";

    public static bool IsSuperDuperAdmin(this ClaimsPrincipal user) =>
        user.FindAll(SuperDuperAdmin).Any(c => string.Equals(c.Value, "true", StringComparison.OrdinalIgnoreCase));

    public static bool MayUseAccount(this ClaimsPrincipal user, string accountId) =>
        user.IsSuperDuperAdmin() || user.FindAll(AccountId).Any(c => c.Value == accountId);

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.FindAll(Scope).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope));
}
