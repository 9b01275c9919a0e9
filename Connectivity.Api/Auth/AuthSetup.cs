using Connectivity.Api.Kazoo;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connectivity.Api.Auth;

public static class AuthSetup
{
    private const string AccountPolicy = "account";
    public const string LookupPolicy = "lookup";

    /// <summary>JWT validation of <c>X-Auth-Token</c> (Kazoo's tokens are JWTs), with Kazoo's 401/403 envelopes.</summary>
    public static IServiceCollection AddKazooAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section))
            .PostConfigure(options =>
            {
                UseDevelopmentKeyIfNoneConfigured(options, environment);
                options.AllowQueryStringToken ??= environment.IsDevelopment();
            });

        services.AddSingleton(services => new ValidatedTokens(
            services.GetRequiredService<IOptions<AuthOptions>>().Value.ValidatedTokenCacheSeconds, services.GetRequiredService<TimeProvider>()));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Built at start-up, so a missing or malformed key stops the service instead of failing every request.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IOptions<ConnectivityOptions>, ValidatedTokens>((jwt, auth, connectivity, validated) =>
                Configure(jwt, auth.Value, new AuthToken(auth.Value.AllowQueryStringToken == true, connectivity.Value.MaxRequestBodyBytes), validated))
            .ValidateOnStart();

        services.AddAuthorizationBuilder()
            .AddPolicy(AccountPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(LookupPolicy, policy => policy.RequireAssertion(context =>
                context.User.IsSuperDuperAdmin() || context.User.HasScope(KazooClaims.LookupScope)));
        return services;
    }

    /// <summary>The auth settings as the service sees them, for commands that run without the web host.</summary>
    public static AuthOptions ReadOptions(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        UseDevelopmentKeyIfNoneConfigured(options, environment);
        return options;
    }

    private static void UseDevelopmentKeyIfNoneConfigured(AuthOptions options, IHostEnvironment environment)
    {
        if (environment.IsDevelopment() && string.IsNullOrEmpty(options.SigningKey) && options.PublicKeys.Count == 0)
            options.SigningKey = DevelopmentSigningKey.LoadOrCreate(DataDirectories.For(environment));
    }

    public static TokenValidationParameters ValidationParameters(AuthOptions auth) => new()
    {
        IssuerSigningKeys = SigningKeys.All(auth),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        ValidateIssuer = !string.IsNullOrEmpty(auth.Issuer),
        ValidIssuer = auth.Issuer,
        ValidateAudience = !string.IsNullOrEmpty(auth.Audience),
        ValidAudience = auth.Audience,
    };

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, AuthToken authToken, ValidatedTokens validated)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = ValidationParameters(auth);
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                if (await authToken.FindAsync(context.Request) is not { } token) return;
                context.Token = token;
                if (!validated.TryGet(token, out var principal)) return;
                context.Principal = principal;
                context.Success();
            },
            OnTokenValidated = context =>
            {
                if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal) validated.Remember(token, principal);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var error = authToken.OnlyInRefusedQueryString(context.Request)
                    ? KazooException.Unauthorized($"{KazooAuthToken.Parameter} is not accepted in the query string; send the {KazooAuthToken.Header} header")
                    : KazooException.Unauthorized();
                await KazooResult.Error(error).ExecuteAsync(context.HttpContext);
            },
            OnForbidden = context =>
                KazooResult.Error(KazooException.Forbidden()).ExecuteAsync(context.HttpContext),
        };
    }

    /// <summary>Allows a token on its own account only, unless it is a super-duper admin's.</summary>
    public static RouteGroupBuilder RequireAccountAccess(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(AccountPolicy);
        group.AddEndpointFilter((context, next) =>
        {
            var accountId = context.HttpContext.GetRouteValue("accountId") as string ?? "";
            if (!context.HttpContext.User.MayUseAccount(accountId)) throw KazooException.Forbidden();
            return next(context);
        });
        return group;
    }
}
