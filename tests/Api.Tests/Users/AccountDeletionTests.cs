using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using static GeminiClone.Api.Tests.Infrastructure.StripeWebhooks;

namespace GeminiClone.Api.Tests.Users;

/// <summary>DELETE /user/me: everything goes, an active subscription is cancelled at Stripe, and an outage only delays it.</summary>
public sealed class AccountDeletionTests(DeletionFixture fixture) : IClassFixture<DeletionFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Deleting_with_the_password_erases_the_user_chatrooms_and_number_and_the_number_can_sign_up_again()
    {
        var (user, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "to be erased");
        await _api.ChatAsync(token, room, "remember this");

        var response = await DeleteAsync(token, new { password = user.Password });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await _api.GetAsync("/user/me", token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var grains = fixture.Factory.Services.GetRequiredService<IGrainFactory>();
        Assert.Null(await grains.GetGrain<IChatroomGrain>(room).GetPageAsync(user.Id, null, 50));
        // The chatroom list's rows, kept beside the user's state, went with it.
        Assert.Empty(await fixture.Factory.Services.GetRequiredService<IChatroomListStore>().ReadAsync(user.Id));
        var again = await _api.SignUpAsync(user.MobileNumber);
        Assert.NotEqual(user.Id, again.Id);
        var newToken = await _api.SignInAsync(again.MobileNumber);
        Assert.Empty((await (await _api.GetAsync("/chatroom", newToken)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.AsArray());
    }

    [Fact]
    public async Task A_wrong_password_or_otp_deletes_nothing_and_a_login_otp_is_accepted()
    {
        var (user, token) = await _api.NewSessionAsync();

        await (await DeleteAsync(token, new { password = "not my password" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await DeleteAsync(token, new { otp = "000000" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await DeleteAsync(token, new { })).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);

        var otp = await _api.SendOtpAsync(user.MobileNumber);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(token, new { otp })).StatusCode);
    }

    [Fact]
    public async Task An_active_subscription_is_cancelled_at_stripe_and_an_outage_leaves_the_deletion_pending_until_the_retry()
    {
        var (user, token) = await _api.NewSessionAsync();
        var subscription = NewId("sub");
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(user.Id, NewId("cus"), subscription)));
        // Stripe.net tries each request three times (two network retries): the whole first attempt fails.
        fixture.Stripe.CancellationFailures = 3;

        var first = await DeleteAsync(token, new { password = user.Password });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        // Closed at once, though not yet erased: its tokens no longer work and its number is still held.
        await (await _api.GetAsync("/user/me", token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber })).ReadProblemAsync(HttpStatusCode.NotFound);

        // The reminder (every second here) takes it up again, Stripe answers, and the rest goes.
        await Eventually.HoldsAsync(() => fixture.Stripe.Cancellations.Count(c => c.SubscriptionId == subscription) >= 4, within: TimeSpan.FromSeconds(20));

        var tries = fixture.Stripe.Cancellations.Where(c => c.SubscriptionId == subscription).ToList();
        Assert.Equal(4, tries.Count);
        Assert.Single(tries.Select(t => t.IdempotencyKey).Distinct());
        await Eventually.HoldsAsync(async () => (await _api.PostJsonAsync("/auth/signup",
            new { name = "Again", mobileNumber = user.MobileNumber, password = ApiClient.Password })).StatusCode == HttpStatusCode.Created,
            within: TimeSpan.FromSeconds(20));

        // A webhook for the deleted user is acknowledged and changes nothing.
        var late = await _api.DeliverAsync(Event("customer.subscription.updated", Subscription(subscription, NewId("cus"), "active")));
        Assert.True((await late.ReadJsonAsync(HttpStatusCode.OK))["received"]!.GetValue<bool>());
    }

    private Task<HttpResponseMessage> DeleteAsync(string token, object body) =>
        _api.SendAsync(HttpMethod.Delete, "/user/me", System.Net.Http.Json.JsonContent.Create(body), token);
}

/// <summary>Stripe stand-in and a deletion retry every second (production: every minute).</summary>
public sealed class DeletionFixture : BillingFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Accounts:DeletionRetryPeriod", "00:00:01")];
}
