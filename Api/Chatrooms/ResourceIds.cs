using GeminiClone.Api.Problems;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// Ids this service hands out are GUIDs in their canonical form. Anything else in an id's place (white space, a
/// path fragment, a guess) cannot name one of ours, so it is a 404 decided here, before any grain is asked: Orleans
/// refuses blank keys outright, and an id that cannot exist is not worth an activation.
/// </summary>
public static class ResourceIds
{
    public static string New() => Guid.CreateVersion7().ToString();

    public static bool IsWellFormed(string? id) => Guid.TryParseExact(id, "D", out _);

    /// <summary>
    /// Answers 404 with <paramref name="notFoundDetail"/> for any route value named <paramref name="routeValue"/> that
    /// cannot be an id of ours. Not an async lambda: every request of a chatroom passes here, and a well-formed id
    /// goes on to the endpoint without a state machine of its own.
    /// </summary>
    public static TBuilder RequireWellFormedId<TBuilder>(this TBuilder builder, string notFoundDetail, string routeValue = "id")
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter((context, next) =>
            context.HttpContext.GetRouteValue(routeValue) is string id && !IsWellFormed(id)
                ? ValueTask.FromResult<object?>(ApiProblems.NotFound(notFoundDetail))
                : next(context));
}
