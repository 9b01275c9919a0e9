using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Connectivity.Api.Auth;
using Connectivity.Api.Hosting;
using Connectivity.Api.Kazoo;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Connectivity.Api.RateLimits;

/// <summary>
/// One global limiter, partitioned by caller, so that no tenant can use up what others need: a token bucket per
/// account, per admin, for call routers' lookups and per client IP for requests without a usable token; chained
/// with a limit on the writes running at once against one account. Probes and scrapes are never limited.
/// A refusal is a 429 <c>too_many_requests</c> in the Kazoo envelope with <c>Retry-After</c>.
/// </summary>
/// <remarks><c>UseRateLimiter</c> must run after <c>UseAuthentication</c>: the partition is chosen from the token's claims.</remarks>
public static class RateLimitSetup
{
    private static readonly TimeSpan RefillPeriod = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddConnectivityRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(limits => limits.IsValid(),
                $"{RateLimitOptions.Section}: counts must not be negative, and a bucket with tokens needs TokensPerSecond above 0.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            // Writes first: a write that has to wait for its turn takes its token when the turn comes, and only then,
            // instead of spending one on the failed first attempt and another on the wait.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => WritePartition(context, limits)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => RequestPartition(context, limits)));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> RequestPartition(HttpContext context, RateLimitOptions limits)
    {
        if (Probes.IsProbeOrScrape(context.Request.Path)) return RateLimitPartition.GetNoLimiter("probes");
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.IsSuperDuperAdmin()) return Bucket("admin:" + Subject(user), limits.Admin);
            if ((context.Request.Path.StartsWithSegments("/v2/lookups") || context.Request.Path.StartsWithSegments("/v2/connectivity/changes")) &&
                user.HasScope(KazooClaims.LookupScope))
                return Bucket("lookup:" + Subject(user), limits.Lookup);
            if (user.FindFirst(KazooClaims.AccountId)?.Value is { } account) return Bucket("account:" + account, limits.Account);
        }
        return Bucket("ip:" + context.Connection.RemoteIpAddress, limits.Anonymous);
    }

    /// <summary>
    /// Writes count against the account they change, and only once the caller may change it: a token for another
    /// account must not be able to fill this account's queue.
    /// </summary>
    private static RateLimitPartition<string> WritePartition(HttpContext context, RateLimitOptions limits)
    {
        var method = context.Request.Method;
        var writes = HttpMethods.IsPut(method) || HttpMethods.IsPost(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
        if (!writes || limits.ConcurrentWritesPerAccount == 0 ||
            context.GetRouteValue("accountId") is not string account || !context.User.MayUseAccount(account))
            return RateLimitPartition.GetNoLimiter("");

        return RateLimitPartition.GetConcurrencyLimiter("writes:" + account, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.ConcurrentWritesPerAccount,
            QueueLimit = limits.QueuedWritesPerAccount,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    private static RateLimitPartition<string> Bucket(string key, TokenBucket bucket) =>
        bucket.IsUnlimited
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Tokens,
                TokensPerPeriod = bucket.TokensPerSecond,
                ReplenishmentPeriod = RefillPeriod,
                QueueLimit = 0,
                AutoReplenishment = false,
            });

    private static string Subject(ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value ?? user.FindFirst(KazooClaims.AccountId)?.Value ?? "";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        // A full write queue says nothing about when a turn comes: a second is the shortest a client may wait.
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : RefillPeriod;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await KazooResult.Error(KazooException.TooManyRequests(seconds)).ExecuteAsync(context);
    }
}
