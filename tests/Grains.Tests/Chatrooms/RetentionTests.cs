using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Search;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace GeminiClone.Grains.Tests.Chatrooms;

/// <summary>
/// <c>Chat:RetentionDays</c> on a test cluster of its own whose clock the test moves: the durable reminders run on
/// real time (a one-second check period here), the expiry is judged by the moved clock.
/// </summary>
public sealed class RetentionTests(RetentionTests.RetentionCluster cluster) : IClassFixture<RetentionTests.RetentionCluster>
{
    [Fact]
    public async Task A_chatroom_without_activity_for_the_retention_period_is_deleted_as_its_owner_would_and_one_in_use_is_kept()
    {
        var owner = await cluster.NewUserAsync();
        var ownerId = owner.GetPrimaryKeyString();
        var idle = await cluster.NewChatroomAsync(ownerId, "idle apricot plans");
        var busy = await cluster.NewChatroomAsync(ownerId, "busy apricot plans");

        RetentionCluster.Clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal(ChatroomChangeStatus.Changed, (await busy.ChangeAsync(ownerId, new ChatroomChange(Title: "busy apricot plans, renamed"))).Status);
        RetentionCluster.Clock.Advance(TimeSpan.FromDays(11));

        await Eventually.HoldsAsync(async () => await idle.GetPageAsync(ownerId, null, 10) is null, TimeSpan.FromSeconds(20));
        Assert.Equal([busy.GetPrimaryKeyString()], (await owner.GetChatroomsAsync()).Select(c => c.Id));
        Assert.NotNull(await busy.GetPageAsync(ownerId, null, 10));
        var found = await cluster.SearchIndex.FindAsync(ownerId, SearchQuery.Parse("apricot "), 0, 10, 3);
        Assert.Equal([busy.GetPrimaryKeyString()], found.Select(f => f.ChatroomId));

        // The one in use expires in its turn, 30 days after its last activity (day 20).
        RetentionCluster.Clock.Advance(TimeSpan.FromDays(18));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.NotNull(await busy.GetPageAsync(ownerId, null, 10));
        RetentionCluster.Clock.Advance(TimeSpan.FromDays(1));
        await Eventually.HoldsAsync(async () => await busy.GetPageAsync(ownerId, null, 10) is null, TimeSpan.FromSeconds(20));
        Assert.Empty(await owner.GetChatroomsAsync());
    }

    [Fact]
    public void A_chatroom_wakes_at_its_expiry_or_after_a_check_period_plus_its_own_offset_in_the_spread()
    {
        var schedule = new RetentionSchedule(new ChatroomOptions
        {
            RetentionDays = 30, RetentionCheckPeriod = TimeSpan.FromDays(7), RetentionSpread = TimeSpan.FromHours(6),
        });
        var now = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var offset = schedule.Offset("room");

        Assert.Equal(TimeSpan.FromDays(7) + offset, schedule.NextCheck("room", now, now));
        Assert.Equal(TimeSpan.FromDays(2) + offset, schedule.NextCheck("room", now.AddDays(-28), now));
        Assert.Equal(offset, schedule.NextCheck("room", now.AddDays(-40), now));
        Assert.True(schedule.IsExpired(now.AddDays(-30), now));
        Assert.False(schedule.IsExpired(now.AddDays(-29), now));

        // 10,000 chatrooms expiring at the same instant wake spread evenly over the six hours, each hour its share.
        var hours = Enumerable.Range(0, 10_000).Select(i => schedule.Offset($"room-{i}"))
            .GroupBy(o => (int)o.TotalHours).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(6, hours.Count);
        Assert.All(hours.Values, count => Assert.InRange(count, 1_500, 1_850));
        Assert.Equal(offset, schedule.Offset("room"));
    }

    [Fact]
    public void A_temporary_chatroom_expires_after_its_lifetime_without_offset_whether_retention_is_on_or_off()
    {
        var off = new RetentionSchedule(new ChatroomOptions { TemporaryChatLifetime = TimeSpan.FromHours(24), RetentionSpread = TimeSpan.FromHours(6) });
        var on = new RetentionSchedule(new ChatroomOptions { RetentionDays = 30, TemporaryChatLifetime = TimeSpan.FromHours(24) });
        var now = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal((true, false, true), (off.AppliesTo(temporary: true), off.AppliesTo(temporary: false), on.AppliesTo(temporary: false)));
        Assert.Equal(TimeSpan.FromHours(24), off.NextCheck("room", now, now, temporary: true));
        Assert.Equal(TimeSpan.FromHours(3), on.NextCheck("room", now.AddHours(-21), now, temporary: true));
        Assert.Equal(TimeSpan.FromHours(24), off.CheckPeriodOf(temporary: true));
        Assert.True(off.IsExpired(now.AddHours(-24), now, temporary: true));
        Assert.False(off.IsExpired(now.AddHours(-23), now, temporary: true));
        Assert.False(off.IsExpired(now.AddDays(-400), now));
        Assert.False(on.IsExpired(now.AddDays(-29), now));
    }

    [Fact]
    public void Retention_is_off_unless_configured()
    {
        var schedule = new RetentionSchedule(new ChatroomOptions());

        Assert.False(schedule.Enabled);
        Assert.False(schedule.IsExpired(DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow));
    }

    public sealed class RetentionCluster : IAsyncLifetime, ITestClock
    {
        public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

        private TestCluster _cluster = null!;

        public IChatSearchIndex SearchIndex =>
            ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredService<IChatSearchIndex>();

        public async Task InitializeAsync()
        {
            _cluster = await TestClusters.DeployAsync<RetentionCluster>(new Dictionary<string, string?>
            {
                ["Chat:RetentionDays"] = "30",
                ["Chat:RetentionCheckPeriod"] = "00:00:01",
                ["Chat:RetentionSpread"] = "00:00:00",
            });

            // Orleans' reminder service loads its table in the background after the silo starts. When that first read
            // is slow or fails it tries again up to 30 s later, and until it has loaded every registration waits (20 s
            // at most, then fails): a chatroom created then has its reminder only once the load is done, or at its
            // retry. With registration in the creation's own turn, a first read made to time out after 30 s stretched
            // the test from 5 s to 52 s, and on a loaded CI machine past its 20 s wait (a run of one minute that
            // failed); RetentionRegistrationTests hold the load on purpose. The test is about retention, not a silo's
            // start: it begins once a reminder can be registered.
            var probeOwner = await NewUserAsync();
            var probe = await NewChatroomAsync(probeOwner.GetPrimaryKeyString(), "reminder probe");
            await Eventually.HoldsAsync(async () => await RegistersAsync(probe), TimeSpan.FromMinutes(3));
        }

        private static async Task<bool> RegistersAsync(IChatroomGrain chatroom)
        {
            try
            {
                await chatroom.ScheduleRetentionAsync();
                return true;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // Not loaded yet ("still initializing"), or this call waited behind the chatroom's own retry.
                return false;
            }
        }

        public Task DisposeAsync() => _cluster.DisposeAsync().AsTask();

        public async Task<IUserGrain> NewUserAsync()
        {
            var result = await _cluster.GrainFactory.GetGrain<IMobileNumberGrain>(TestMobileNumbers.NextE164()).SignUpAsync("Test user", "correct horse");
            return _cluster.GrainFactory.GetGrain<IUserGrain>(result.User!.Id);
        }

        public async Task<IChatroomGrain> NewChatroomAsync(string ownerId, string title)
        {
            var chatroom = _cluster.GrainFactory.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString("N"));
            Assert.Equal(ChatroomChangeStatus.Changed, (await chatroom.CreateAsync(ownerId, new ChatroomChange(Title: title))).Status);
            return chatroom;
        }
    }
}
