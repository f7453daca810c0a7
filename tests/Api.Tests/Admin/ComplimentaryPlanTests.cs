using System.Net;
using static GeminiClone.Api.Tests.Infrastructure.StripeWebhooks;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>PUT /admin/users/:id/plan: a complimentary Pro that ends by itself and never fights a paid one.</summary>
[Collection(AdminCollection.Name)]
public sealed class ComplimentaryPlanTests(AdminFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_complimentary_pro_makes_a_basic_user_pro_and_ends_by_itself()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, token) = await _api.NewSessionAsync();
        var until = DateTimeOffset.UtcNow.AddSeconds(3);

        var given = await (await _api.SetPlanAsync(operatorToken, user.Id, "Pro", until)).ReadJsonAsync(HttpStatusCode.OK);
        var whileGiven = await TierAsync(token);
        await Eventually.HoldsAsync(async () => await TierAsync(token) == "Basic", Deadline);
        var after = await _api.AdminUserAsync(operatorToken, user.Id);

        Assert.Equal("Pro", given["data"]!["tier"]!.GetValue<string>());
        Assert.Equal("Pro", given["data"]!["complimentaryPlan"]!["tier"]!.GetValue<string>());
        Assert.Equal(await fixture.OperatorIdAsync(), given["data"]!["complimentaryPlan"]!["grantedBy"]!.GetValue<string>());
        Assert.Equal("Pro", whileGiven);
        Assert.Equal("Basic", after["tier"]!.GetValue<string>());
        Assert.Null(after["complimentaryPlan"]);
        Assert.Contains(await _api.AuditAsync(operatorToken), e => e!["kind"]!.GetValue<string>() == "plan_ended"
            && e["subject"]!.GetValue<string>() == user.Id && e["actor"]!.GetValue<string>() == "system");
    }

    [Fact]
    public async Task A_paid_pro_stays_pro_when_a_complimentary_pro_ends_and_a_complimentary_pro_outlasts_a_cancelled_subscription()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (paid, paidToken) = await _api.NewSessionAsync();
        var (customer, subscription) = (NewId("cus"), NewId("sub"));
        await _api.DeliverOkAsync(Event("checkout.session.completed", CheckoutSession(paid.Id, customer, subscription)));
        Assert.Equal("Pro", await TierAsync(paidToken));

        // Given to a paid Pro and ending by itself: nothing changes, before or after.
        await (await _api.SetPlanAsync(operatorToken, paid.Id, "Pro", DateTimeOffset.UtcNow.AddSeconds(2))).ReadJsonAsync(HttpStatusCode.OK);
        await Eventually.HoldsAsync(async () => (await _api.AdminUserAsync(operatorToken, paid.Id))["complimentaryPlan"] is null, Deadline);
        Assert.Equal("Pro", await TierAsync(paidToken));

        // Taken away from a paid Pro: still Pro.
        await (await _api.SetPlanAsync(operatorToken, paid.Id, "Pro")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SetPlanAsync(operatorToken, paid.Id, "Basic")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Pro", await TierAsync(paidToken));

        // Given without an end, then the subscription ends: Pro until the complimentary plan is taken away.
        await (await _api.SetPlanAsync(operatorToken, paid.Id, "Pro")).ReadJsonAsync(HttpStatusCode.OK);
        await _api.DeliverOkAsync(Event("customer.subscription.deleted", Subscription(subscription, customer, "canceled", paid.Id)));
        Assert.Equal("Pro", await TierAsync(paidToken));
        var takenAway = await (await _api.SetPlanAsync(operatorToken, paid.Id, "Basic")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Basic", takenAway["data"]!["tier"]!.GetValue<string>());
        Assert.Equal("Basic", await TierAsync(paidToken));
    }

    [Fact]
    public async Task An_end_in_the_past_or_an_end_for_basic_or_no_tier_is_a_400()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var (user, _) = await _api.NewSessionAsync();

        var past = await _api.SetPlanAsync(operatorToken, user.Id, "Pro", DateTimeOffset.UtcNow.AddMinutes(-1));
        var basicWithEnd = await _api.SetPlanAsync(operatorToken, user.Id, "Basic", DateTimeOffset.UtcNow.AddDays(1));
        var noTier = await _api.SendAsync(HttpMethod.Put, $"/admin/users/{user.Id}/plan", System.Net.Http.Json.JsonContent.Create(new { }), operatorToken);

        Assert.NotNull((await past.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["until"]);
        Assert.NotNull((await basicWithEnd.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["until"]);
        Assert.NotNull((await noTier.ReadProblemAsync(HttpStatusCode.BadRequest))["errors"]!["tier"]);
    }

    private async Task<string> TierAsync(string token) =>
        (await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["tier"]!.GetValue<string>();
}
