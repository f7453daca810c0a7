using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;
using GeminiClone.Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Users;

/// <summary>The daily allowance for images Gemini makes, kept by the user beside the message quota and the uploads.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ImageAllowanceTests(ClusterFixture fixture)
{
    private static FakeTimeProvider Clock => ClusterFixture.Clock;

    [Fact]
    public async Task A_basic_user_is_granted_three_images_a_day_and_a_fourth_is_refused_with_nothing_counted()
    {
        var user = await fixture.NewUserAsync();

        var two = await user.ReserveImagesAsync(2);
        var twoMore = await user.ReserveImagesAsync(2);
        var third = await user.ReserveImagesAsync(1);
        var fourth = await user.ReserveImagesAsync(1);

        Assert.Equal((true, 3, 2), (two.Granted, two.Limit, two.Used));
        Assert.Equal((false, 2), (twoMore.Granted, twoMore.Used));
        Assert.Equal((true, 3, 0), (third.Granted, third.Used, third.Remaining));
        Assert.Equal((false, 3, 3), (fourth.Granted, fourth.Limit, fourth.Used));
        Assert.Equal(DailyQuota.NextUtcMidnight(Clock.GetUtcNow()), fourth.ResetsAt);
    }

    [Fact]
    public async Task Settling_gives_back_images_not_made_and_counts_images_made_beyond_the_reservation()
    {
        var user = await fixture.NewUserAsync();

        await user.ReserveImagesAsync(3);
        var oneMade = await user.SettleImagesAsync(reserved: 3, made: 1);
        var again = await user.ReserveImagesAsync(1);
        var threeMade = await user.SettleImagesAsync(reserved: 1, made: 3);
        var refused = await user.ReserveImagesAsync(1);

        Assert.Equal((1, 2), (oneMade.Used, oneMade.Remaining));
        Assert.Equal((true, 2), (again.Granted, again.Used));
        Assert.Equal((4, 0), (threeMade.Used, threeMade.Remaining));
        Assert.Equal((false, 4), (refused.Granted, refused.Used));
    }

    [Fact]
    public async Task Giving_back_never_counts_below_nothing_and_a_reservation_survives_deactivation()
    {
        var user = await fixture.NewUserAsync();

        await user.ReserveImagesAsync(1);
        await fixture.DeactivateAllAsync();
        var stored = await user.SettleImagesAsync(reserved: 0, made: 0);
        var overRefunded = await user.SettleImagesAsync(reserved: 3, made: 0);

        Assert.Equal(1, stored.Used);
        Assert.Equal((0, 3), (overRefunded.Used, overRefunded.Remaining));
    }

    [Fact]
    public async Task A_pro_user_is_granted_a_hundred_images_a_day()
    {
        var user = await fixture.NewUserAsync();
        await user.ApplyTierAsync(UserTier.Pro);

        var hundred = await user.ReserveImagesAsync(100);
        var more = await user.ReserveImagesAsync(1);

        Assert.Equal((true, 100, 100), (hundred.Granted, hundred.Limit, hundred.Used));
        Assert.Equal((false, 100), (more.Granted, more.Used));
    }

    [Fact]
    public async Task The_count_starts_again_at_the_next_utc_midnight_and_a_reservation_of_yesterday_gives_nothing_back_today()
    {
        var user = await fixture.NewUserAsync();
        var yesterday = await user.ReserveImagesAsync(3);

        Clock.Advance(yesterday.ResetsAt - Clock.GetUtcNow());
        var notMade = await user.SettleImagesAsync(reserved: 3, made: 0);
        var today = await user.ReserveImagesAsync(2);
        var lateExtra = await user.SettleImagesAsync(reserved: 1, made: 2);

        Assert.Equal((0, yesterday.ResetsAt.AddDays(1)), (notMade.Used, notMade.ResetsAt));
        Assert.Equal((true, 2), (today.Granted, today.Used));
        Assert.Equal(3, lateExtra.Used);
    }

    [Fact]
    public void A_user_stored_before_image_allowances_loads_with_none_made_and_the_count_round_trips()
    {
        // The newest stored user (466d783's grain storage, binary), written before ImageDay and ImagesMade existed.
        var storage = ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services
            .GetRequiredService<IGrainStorageSerializer>();
        var stored = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", "user-state-before-sign-in.b64")).Trim();
        var user = storage.Deserialize<UserState>(new BinaryData(Convert.FromBase64String(stored)))!;

        Assert.Equal(("Asha", 1234L), (user.Name, user.UploadedBytes));
        Assert.Equal((null, 0), (user.ImageDay, user.ImagesMade));

        user.ImageDay = new DateOnly(2026, 11, 20);
        user.ImagesMade = 2;
        var again = storage.Deserialize<UserState>(storage.Serialize(user))!;
        Assert.Equal((new DateOnly(2026, 11, 20), 2, 1234L), (again.ImageDay, again.ImagesMade, again.UploadedBytes));
    }
}
