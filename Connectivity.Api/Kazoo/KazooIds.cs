using Connectivity.Domain.Documents;

namespace Connectivity.Api.Kazoo;

/// <summary>Route values that hold Kazoo ids: a malformed one is 404 <c>bad_identifier</c> before any handler runs.</summary>
public static class KazooIds
{
    public static RouteGroupBuilder RequireKazooIds(this RouteGroupBuilder group, params string[] routeValues)
    {
        group.AddEndpointFilter((context, next) =>
        {
            foreach (var name in routeValues)
                if (context.HttpContext.GetRouteValue(name) is string value && !DocumentIds.IsValid(value))
                    throw KazooException.BadIdentifier(value);
            return next(context);
        });
        return group;
    }
}
