using GeminiClone.Grains.Interfaces.Admin;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Users;

/// <summary>
/// A turn's slot is where its sender's access token is checked when the gateway leaves that to the turn: a token
/// that may not send holds no slot, and the day's count does not move.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TurnSlotCallerTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_current_token_holds_a_slot_and_one_of_an_ended_session_or_an_older_version_holds_none()
    {
        var user = await fixture.NewUserAsync();
        var signedIn = await user.SignInWithOtpAsync(await user.IssueCodeAsync(OtpPurpose.Login), UserFixtures.Client);
        var current = new CallerCredential(signedIn.TokenVersion, signedIn.Session!.SessionId);

        var held = await user.ReserveTurnSlotAsync(current);
        var olderVersion = await user.ReserveTurnSlotAsync(current with { TokenVersion = signedIn.TokenVersion - 1 });
        await user.EndSessionAsync(current.SessionId!);
        var endedSession = await user.ReserveTurnSlotAsync(current);

        Assert.Equal((true, CallerStatus.Valid), (held.Granted, held.Caller));
        Assert.Equal((false, CallerStatus.Revoked), (olderVersion.Granted, olderVersion.Caller));
        Assert.Equal((false, CallerStatus.Revoked), (endedSession.Granted, endedSession.Caller));
        Assert.Equal(1, endedSession.Quota.Used);
    }

    [Fact]
    public async Task A_suspended_account_holds_no_slot_whether_or_not_the_gateway_checked_the_caller()
    {
        var user = await fixture.NewUserAsync();
        var signedIn = await user.SignInWithOtpAsync(await user.IssueCodeAsync(OtpPurpose.Login), UserFixtures.Client);
        await fixture.Grains.GetGrain<IUserAdminGrain>(user.GetPrimaryKeyString()).SuspendAsync("Card testing", "operator");

        var withToken = await user.ReserveTurnSlotAsync(new CallerCredential(signedIn.TokenVersion, signedIn.Session!.SessionId));
        var checkedAtGateway = await user.ReserveTurnSlotAsync(caller: null);

        Assert.Equal((false, CallerStatus.Suspended), (withToken.Granted, withToken.Caller));
        Assert.Equal((false, CallerStatus.Suspended), (checkedAtGateway.Granted, checkedAtGateway.Caller));
        Assert.Equal(0, checkedAtGateway.Quota.Used);
    }

    [Fact]
    public async Task The_previous_releases_slot_call_still_holds_a_slot_and_a_suspension_still_refuses_it()
    {
        var user = await fixture.NewUserAsync();

#pragma warning disable CS0618 // The call chatrooms of the previous release make during a rolling upgrade.
        var held = await user.ReserveMessageSlotAsync();
        await fixture.Grains.GetGrain<IUserAdminGrain>(user.GetPrimaryKeyString()).SuspendAsync("Card testing", "operator");
        var refused = await user.ReserveMessageSlotAsync();
#pragma warning restore CS0618

        Assert.True(held.Granted);
        Assert.False(refused.Granted);
        Assert.Equal(1, refused.Quota.Used);
    }

    [Fact]
    public async Task No_account_holds_no_slot_for_a_token()
    {
        var ghost = fixture.Grains.GetGrain<IUserGrain>(Guid.NewGuid().ToString("N"));

        var slot = await ghost.ReserveTurnSlotAsync(new CallerCredential(1, null));

        Assert.Equal((false, CallerStatus.Revoked), (slot.Granted, slot.Caller));
    }
}
