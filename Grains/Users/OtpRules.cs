using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>What <see cref="OtpRules"/> keeps about a number: its pending codes and its recent wrong tries.</summary>
internal interface IOtpRecord
{
    Dictionary<OtpPurpose, PendingOtp> PendingOtps { get; }

    List<DateTimeOffset>? OtpFailures { get; set; }

    DateTimeOffset? OtpLockedUntil { get; set; }
}

/// <summary>
/// The rules of one-time passwords over an <see cref="IOtpRecord"/>: one pending code per purpose, a resend
/// cooldown, a few tries per code, and a lock on the number after too many wrong tries across codes and purposes in
/// a sliding window. The same rules run for a user (stored, so a restart hands out no fresh tries) and for a number
/// without an account (in memory, with a code nobody was sent, so both answer alike).
/// </summary>
internal sealed class OtpRules(OtpOptions options, TimeProvider clock)
{
    /// <summary>A new code for <paramref name="purpose"/>, or how long until one may be asked for. Changes the record when issued.</summary>
    public OtpIssueResult Issue(IOtpRecord record, OtpPurpose purpose, bool withCode = true)
    {
        var now = clock.GetUtcNow();
        if (record.OtpLockedUntil is { } lockedUntil && now < lockedUntil)
        {
            // A code that cannot be checked before it expires is an SMS paid for nothing.
            return new OtpIssueResult(OtpIssueStatus.LockedOut, null, null, lockedUntil - now);
        }

        if (record.PendingOtps.TryGetValue(purpose, out var previous) && now < previous.IssuedAt + options.ResendCooldown)
        {
            return new OtpIssueResult(OtpIssueStatus.TooSoon, null, null, previous.IssuedAt + options.ResendCooldown - now);
        }

        // Without a code (a number with no account) the stored hash matches nothing anyone can type.
        var code = withCode ? OneTimePassword.NewCode() : null;
        var pending = code is null ? OneTimePassword.Unmatchable(now, options.Lifetime) : OneTimePassword.Issue(code, now, options.Lifetime);
        record.PendingOtps[purpose] = pending;
        return new OtpIssueResult(OtpIssueStatus.Issued, code, pending.ExpiresAt, null);
    }

    /// <summary>
    /// Checks a code. A match uses it up; a miss counts against the code (the last allowed miss voids it, and a void
    /// code stays on record until it expires so the cooldown still paces a guesser) and against the number, whose
    /// lock closes verification for every purpose. The caller stores the record when <c>Changed</c> is true, before
    /// it answers.
    /// </summary>
    public (OtpVerdict Verdict, bool Changed, bool LockedNow) Check(IOtpRecord record, OtpPurpose purpose, string candidate)
    {
        var now = clock.GetUtcNow();
        if (record.OtpLockedUntil is { } lockedUntil && now < lockedUntil)
        {
            return (new OtpVerdict(OtpCheck.LockedOut, lockedUntil - now), false, false);
        }

        if (!record.PendingOtps.TryGetValue(purpose, out var pending))
        {
            return (new OtpVerdict(OtpCheck.NotPending), false, false);
        }

        if (now >= pending.ExpiresAt)
        {
            record.PendingOtps.Remove(purpose);
            return (new OtpVerdict(OtpCheck.NotPending), true, false);
        }

        if (pending.FailedAttempts >= options.MaxFailedAttempts)
        {
            return (new OtpVerdict(OtpCheck.AttemptsExhausted), false, false);
        }

        if (OneTimePassword.Matches(pending, candidate))
        {
            record.PendingOtps.Remove(purpose);
            return (new OtpVerdict(OtpCheck.Accepted), true, false);
        }

        var failed = pending.FailedAttempts + 1;
        record.PendingOtps[purpose] = pending with { FailedAttempts = failed };
        if (CountFailure(record, now))
        {
            return (new OtpVerdict(OtpCheck.LockedOut, options.LockoutDuration), true, true);
        }

        return (new OtpVerdict(failed >= options.MaxFailedAttempts ? OtpCheck.AttemptsExhausted : OtpCheck.Wrong), true, false);
    }

    /// <summary>Notes a wrong try in the sliding window; true when it is the one that locks the number.</summary>
    private bool CountFailure(IOtpRecord record, DateTimeOffset now)
    {
        var failures = record.OtpFailures ??= [];
        failures.RemoveAll(at => at <= now - options.LockoutWindow);
        failures.Add(now);
        if (failures.Count < options.LockoutThreshold)
        {
            return false;
        }

        // The lock voids every pending code too: a code sent before it must not outlive it.
        record.OtpLockedUntil = now + options.LockoutDuration;
        record.OtpFailures = null;
        record.PendingOtps.Clear();
        return true;
    }
}
