using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Users;

/// <summary>Sign-in sessions: opened by an OTP sign-in, checked on every request, refreshed, listed and ended.</summary>
public sealed partial class UserGrain
{
    public Task<UserProfile?> AuthenticateAsync(int tokenVersion, string sessionId) => Task.FromResult(
        Exists && State.TokenVersion == tokenVersion && _sessions.IsActive(State, sessionId) ? State.ToProfile(Id) : null);

    public async Task<OtpSignInResult> SignInWithOtpAsync(string otp, SessionClient client)
    {
        SessionGrant? session = null;
        var verdict = await ConsumeOtpAsync(OtpPurpose.Login, otp, onAccepted: () => session = _sessions.Open(State, client));
        return verdict.Check == OtpCheck.Accepted
            ? new OtpSignInResult(verdict.Check, State.ToProfile(Id), State.TokenVersion) { Session = session }
            : new OtpSignInResult(verdict.Check, null, 0) { RetryAfter = verdict.RetryAfter };
    }

    public async Task<OtpSignInResult> SignInWithVerifiedCredentialAsync(SessionClient client)
    {
        if (!Exists)
        {
            return new OtpSignInResult(OtpCheck.UnknownUser, null, 0);
        }

        var session = _sessions.Open(State, client);
        await user.WriteStateAsync();
        return new OtpSignInResult(OtpCheck.Accepted, State.ToProfile(Id), State.TokenVersion) { Session = session };
    }

    public async Task<SessionRefreshResult> RefreshSessionAsync(string sessionId, string refreshSecret, SessionClient client)
    {
        if (!Exists)
        {
            return new SessionRefreshResult(SessionRefreshStatus.Invalid);
        }

        var (result, changed) = _sessions.Refresh(State, sessionId, refreshSecret, client);
        if (changed)
        {
            await user.WriteStateAsync();
        }

        return result;
    }

    public Task<IReadOnlyList<SessionInfo>> GetSessionsAsync() => Task.FromResult(Exists ? _sessions.List(State) : []);

    public async Task<bool> EndSessionAsync(string sessionId)
    {
        if (!Exists || !_sessions.End(State, sessionId))
        {
            return false;
        }

        await user.WriteStateAsync();
        return true;
    }
}
