using GeminiClone.Grains.Interfaces.Billing;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Users;
using GeminiClone.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Billing;

/// <summary>
/// Billing left the user's record for the user's billing account. A user stored before (by d7f11dc's grain storage,
/// in <c>Persistence/Stored</c>) keeps the same subscription, tier and upload allowance after the split.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BillingAccountHandoverTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
    private const long UploadedBytes = 5 * 1024 * 1024;

    private IServiceProvider Services => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    [Fact]
    public void A_user_stored_before_the_split_loads_with_its_billing_fields()
    {
        var state = ReadFixture();

        Assert.Equal(("Asha", UserTier.Pro, "cus_asha"), (state.Name, state.Tier, state.StripeCustomerId));
        Assert.Equal(("sub_asha", "past_due", true), (state.Subscription!.SubscriptionId, state.Subscription.Status, state.Subscription.CancelAtPeriodEnd));
        Assert.Equal((PaymentOutcome.Failed, WrittenAt.AddMinutes(6)), (state.LastPayment, state.LastPaymentAt));
        Assert.Equal((new DateOnly(2026, 11, 20), UploadedBytes), (state.UploadDay, state.UploadedBytes));
    }

    [Fact]
    public async Task Its_billing_account_takes_the_subscription_over_and_the_user_keeps_tier_and_uploads()
    {
        var userId = Guid.CreateVersion7().ToString();
        var user = fixture.Grains.GetGrain<IUserGrain>(userId);
        var account = fixture.Grains.GetGrain<IBillingAccountGrain>(userId);
        var stored = ReadFixture();
        // The uploads counted on the day the record was written, moved to the test clock's day to be counted today.
        stored.UploadDay = DateOnly.FromDateTime(ClusterFixture.Clock.GetUtcNow().UtcDateTime);
        await Storage.WriteStateAsync("user", user.GetGrainId(), new GrainState<UserState>(stored));

        var status = await account.GetSubscriptionStatusAsync();
        var allowance = await user.GetUploadAllowanceAsync();

        Assert.Equal(UserTier.Pro, status.Tier);
        Assert.Equal(stored.Subscription, status.Subscription);
        Assert.Equal((PaymentOutcome.Failed, WrittenAt.AddMinutes(6)), (status.LastPayment, status.LastPaymentAt));
        Assert.Equal(allowance.DailyBytes - UploadedBytes, allowance.RemainingBytes);
        Assert.Equal(CheckoutStatus.AlreadyPro, (await account.StartProCheckoutAsync()).Status);

        // The user's copy goes once the account has stored it; both answer the same from then on, from storage.
        await WaitUntilAsync(async () => (await ReadUserAsync(user)).Subscription is null);
        await fixture.DeactivateAllAsync();
        var record = await ReadUserAsync(user);
        Assert.Equal((null, null, null, UserTier.Pro), (record.StripeCustomerId, record.LastPayment, record.LastPaymentAt, record.Tier));
        Assert.Equal(status with { Quota = null! }, (await account.GetSubscriptionStatusAsync()) with { Quota = null! });
        Assert.Equal(stored.Subscription, (await user.GetSubscriptionStatusAsync()).Subscription);
        Assert.Equal(allowance.RemainingBytes, (await user.GetUploadAllowanceAsync()).RemainingBytes);
    }

    [Fact]
    public async Task A_subscription_that_ends_makes_the_user_basic_through_the_account()
    {
        var user = await fixture.NewUserAsync();
        var account = fixture.Grains.GetGrain<IBillingAccountGrain>(user.GetPrimaryKeyString());
        var active = new SubscriptionSnapshot("sub_" + Guid.NewGuid().ToString("N"), "cus_1", "active", null, false, WrittenAt);

        await account.ApplySubscriptionAsync(active);
        var pro = (await user.GetProfileAsync())!.Tier;
        await account.ApplySubscriptionAsync(active with { Status = "canceled", AsOf = WrittenAt.AddDays(1) });

        Assert.Equal((UserTier.Pro, UserTier.Basic), (pro, (await user.GetProfileAsync())!.Tier));
        Assert.Equal("canceled", (await account.GetAccountAsync()).Subscription!.Status);
    }

    private IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Users);

    private UserState ReadFixture() => Services.GetRequiredService<IGrainStorageSerializer>().Deserialize<UserState>(new BinaryData(
        Convert.FromBase64String(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", "user-state-before-billing-split.b64")).Trim())))!;

    private async Task<UserState> ReadUserAsync(IUserGrain user)
    {
        var state = new GrainState<UserState>(new UserState());
        await Storage.ReadStateAsync("user", user.GetGrainId(), state);
        return state.State ?? new UserState();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var tries = 0; !await condition(); tries++)
        {
            Assert.True(tries < 100, "The user's record still holds the billing fields.");
            await Task.Delay(50);
        }
    }
}
