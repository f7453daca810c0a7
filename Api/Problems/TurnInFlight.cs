namespace GeminiClone.Api.Problems;

/// <summary>
/// The turn a request asked the cluster to run, remembered on the request so that a failure which escapes the
/// endpoint (the cluster did not answer within the deadline) can still name it: whether it ran is then unknown.
/// </summary>
internal static class TurnInFlight
{
    private static readonly object Key = new();

    public static void Remember(HttpContext httpContext, string turnId) => httpContext.Items[Key] = turnId;

    public static string? Of(HttpContext httpContext) => httpContext.Items.TryGetValue(Key, out var turnId) ? turnId as string : null;
}
