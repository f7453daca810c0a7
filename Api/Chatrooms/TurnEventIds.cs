using System.Globalization;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// A turn's server-sent event ids, <c>&lt;turnId&gt;:&lt;sequence&gt;</c>: what a client sends back as
/// <c>Last-Event-ID</c> to resume after that event.
/// </summary>
internal static class TurnEventIds
{
    public static string Of(string turnId, int sequence) => $"{turnId}:{sequence.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The request's <c>Last-Event-ID</c>: absent (<paramref name="lastEvent"/> null, true), one of a turn's event ids
    /// (true), or something that cannot be one (false).
    /// </summary>
    public static bool TryReadLastEventId(HttpRequest request, out (string TurnId, int Sequence)? lastEvent)
    {
        lastEvent = null;
        var value = request.Headers["Last-Event-ID"].ToString();
        if (value.Length == 0)
        {
            return true;
        }

        var separator = value.LastIndexOf(':');
        if (separator < 0 || !TurnIds.IsWellFormed(value[..separator])
            || !int.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        lastEvent = (value[..separator], sequence);
        return true;
    }

    public static string MismatchDetail(string turnId) =>
        $"Last-Event-ID must be an event id of this turn, \"{turnId}:<sequence>\", as its events carry.";
}
