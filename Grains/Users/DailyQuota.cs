using GeminiClone.Grains.Interfaces.Ids;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Today's message count plus the slots held by turns still waiting on Gemini. A slot is held before Gemini is
/// called and either committed (the turn was stored) or released (it failed), so concurrent sends can never
/// overshoot the limit and a failed turn costs nothing. The grain runs one call at a time, which is what makes
/// the arithmetic exact. Held slots live in memory only and lapse after a while, so a turn whose silo died
/// cannot hold a slot forever.
/// </summary>
internal sealed class DailyQuota(TimeProvider clock)
{
    /// <summary>Longer than any turn can take (the chatroom's send timeout is 100 s).</summary>
    private static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(3);

    private readonly Dictionary<Guid, DateTimeOffset> _held = [];

    public (bool Granted, Guid ReservationId) TryReserve(UserState state, int? limit)
    {
        var now = clock.GetUtcNow();
        RollOver(state, now);
        foreach (var lapsed in _held.Where(h => h.Value <= now).Select(h => h.Key).ToList())
        {
            _held.Remove(lapsed);
        }

        if (limit is { } max && state.MessagesUsedToday + _held.Count >= max)
        {
            return (false, Guid.Empty);
        }

        // Only this activation reads it, and only to tell its holds apart (UniqueIds says why not Guid.NewGuid).
        var id = UniqueIds.NewGuid();
        _held[id] = now + HoldLifetime;
        return (true, id);
    }

    /// <summary>Counts the turn and its tokens. A slot that lapsed meanwhile still counts: the message was sent.</summary>
    public void Commit(UserState state, Guid reservationId, TokenUsage? usage = null)
    {
        _held.Remove(reservationId);
        RollOver(state, clock.GetUtcNow());
        state.MessagesUsedToday++;
        state.TokensToday = (state.TokensToday ?? TokenTotals.Zero).Add(usage);
    }

    public void Release(Guid reservationId) => _held.Remove(reservationId);

    /// <summary>Whether a turn may be running now: one holds a slot (or held one that lapsed and was not yet given back).</summary>
    public bool HoldsSlots => _held.Count > 0;

    public QuotaSnapshot Snapshot(UserState state, int? limit)
    {
        var now = clock.GetUtcNow();
        var today = state.UsageDay == DateOnly.FromDateTime(now.UtcDateTime);
        var used = today ? state.MessagesUsedToday : 0;
        return new QuotaSnapshot(limit, used + _held.Count, NextUtcMidnight(now))
        {
            Tokens = today ? state.TokensToday ?? TokenTotals.Zero : TokenTotals.Zero,
        };
    }

    public static DateTimeOffset NextUtcMidnight(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    private static void RollOver(UserState state, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (state.UsageDay != today)
        {
            state.UsageDay = today;
            state.MessagesUsedToday = 0;
            state.TokensToday = null;
        }
    }
}
