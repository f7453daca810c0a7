using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using System.Text.Json;
using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Telemetry;

/// <summary>
/// The domain's meters (<c>GeminiClone</c>): what turns, Gemini, quotas, Stripe and sign-ins did. One per process,
/// made through <see cref="IMeterFactory"/>; each fact is recorded where it is decided. Tags take only closed sets
/// (the catalog's models, our enums in snake_case), so no series grows with users or messages.
/// </summary>
public sealed class GeminiCloneMetrics
{
    public const string MeterName = "GeminiClone";

    private readonly Counter<long> _turns;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _firstToken;
    private readonly Histogram<double> _firstTokenOverhead;
    private readonly Histogram<double> _turnOverhead;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _geminiErrors;
    private readonly Counter<long> _stripeEvents;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _usageNotRecorded;

    public GeminiCloneMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _turns = meter.CreateCounter<long>("geminiclone.turns", "{turn}", "Turns ended, by model and outcome");
        _tokens = meter.CreateCounter<long>("geminiclone.tokens", "{token}", "Gemini tokens of ended turns, by model and kind: input, output, thought, cached");
        _turnDuration = meter.CreateHistogram<double>("geminiclone.turn.duration", "s", "A turn's run, from its start to its outcome");
        _firstToken = meter.CreateHistogram<double>("geminiclone.turn.time_to_first_token", "s", "A streamed turn's run until Gemini's first piece");
        _firstTokenOverhead = meter.CreateHistogram<double>(
            "geminiclone.turn.first_token_overhead", "s", "A streamed turn's run until Gemini's first piece less its wait for it: the time the service itself added");
        _turnOverhead = meter.CreateHistogram<double>(
            "geminiclone.turn.overhead", "s", "A plain turn's run less its wait for Gemini: the time the service itself added");
        _refusals = meter.CreateCounter<long>("geminiclone.quota.refusals", "{refusal}", "Turns refused for the daily allowance or the monthly spending cap, by plan and kind: messages, images, spending");
        _geminiErrors = meter.CreateCounter<long>("geminiclone.gemini.errors", "{turn}", "Turns Gemini failed, by kind: unavailable, timeout, bad_response, blocked");
        _stripeEvents = meter.CreateCounter<long>("geminiclone.stripe.events", "{event}", "Stripe webhook events, by type and outcome");
        _signIns = meter.CreateCounter<long>("geminiclone.sign_ins", "{sign_in}", "Sign-ins, by method (otp, passkey) and outcome");
        _usageNotRecorded = meter.CreateCounter<long>("geminiclone.usage.record_failures", "{turn}", "Turns whose usage could not be recorded (their answers were delivered)");
    }

    /// <summary>A turn's outcome, its tokens and how long it ran; a Gemini failure is also counted by its kind.</summary>
    public void TurnEnded(string model, ChatTurnResult result, TimeSpan ran)
    {
        var modelTag = new KeyValuePair<string, object?>("model", model);
        _turns.Add(1, modelTag, new("outcome", SnakeCaseNames<ChatTurnStatus>.Of(result.Status)));
        _turnDuration.Record(ran.TotalSeconds, modelTag);
        if (result.ModelTime is { } waited)
        {
            // Per turn, so a slow store or a busy silo shows apart from a slow model (which the duration alone mixes in).
            _turnOverhead.Record(Math.Max(0, (ran - waited).TotalSeconds), modelTag);
        }

        if (result.Usage is { } usage)
        {
            AddTokens(modelTag, "input", usage.InputTokens);
            AddTokens(modelTag, "output", usage.OutputTokens);
            AddTokens(modelTag, "thought", usage.ThoughtTokens);
            AddTokens(modelTag, "cached", usage.CachedTokens);
        }

        if (GeminiErrorKind(result.Status) is { } kind)
        {
            _geminiErrors.Add(1, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    /// <param name="modelWait">The turn's wait for Gemini's first event (the stream's <c>Server-Timing</c> figure), when known.</param>
    public void FirstToken(string model, TimeSpan after, TimeSpan? modelWait)
    {
        var modelTag = new KeyValuePair<string, object?>("model", model);
        _firstToken.Record(after.TotalSeconds, modelTag);
        if (modelWait is { } waited)
        {
            _firstTokenOverhead.Record(Math.Max(0, (after - waited).TotalSeconds), modelTag);
        }
    }

    /// <param name="kind"><c>messages</c>, <c>images</c> or <c>spending</c>.</param>
    public void QuotaRefused(UserTier plan, string kind) =>
        _refusals.Add(1, new("plan", SnakeCaseNames<UserTier>.Of(plan)), new("kind", kind));

    /// <summary>A turn whose usage the usage grain did not take (its storage or silo failed); the turn itself was answered.</summary>
    public void UsageNotRecorded() => _usageNotRecorded.Add(1);

    public void StripeEvent(StripeEventKind type, StripeEventOutcome outcome) =>
        _stripeEvents.Add(1, new("type", SnakeCaseNames<StripeEventKind>.Of(type)), new("outcome", SnakeCaseNames<StripeEventOutcome>.Of(outcome)));

    /// <param name="method"><c>otp</c> or <c>passkey</c>.</param>
    public void SignIn(string method, OtpCheck outcome) =>
        _signIns.Add(1, new("method", method), new("outcome", SnakeCaseNames<OtpCheck>.Of(outcome)));

    private void AddTokens(KeyValuePair<string, object?> model, string kind, long? count)
    {
        if (count is > 0)
        {
            _tokens.Add(count.Value, model, new("kind", kind));
        }
    }

    private static string? GeminiErrorKind(ChatTurnStatus status) => status switch
    {
        ChatTurnStatus.GeminiUnavailable => "unavailable",
        ChatTurnStatus.GeminiTimeout => "timeout",
        ChatTurnStatus.GeminiBadResponse => "bad_response",
        ChatTurnStatus.Blocked => "blocked",
        _ => null,
    };

    /// <summary>
    /// An enum's values as tags, named once per type: every turn tags its outcome, and converting the name each time
    /// was a fifth of what counting a turn cost.
    /// </summary>
    private static class SnakeCaseNames<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly FrozenDictionary<TEnum, string> Names =
            Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(value => value, value => Convert(value.ToString()));

        /// <summary>A value outside the enum's names (a number) is converted as it comes.</summary>
        public static string Of(TEnum value) => Names.TryGetValue(value, out var name) ? name : Convert(value.ToString());

        private static string Convert(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
    }
}
