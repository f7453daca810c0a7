using System.Diagnostics.Metrics;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans.TestingHost;

namespace GeminiClone.Api.Tests.Users;

/// <summary>Usage stored through Orleans' fault-injecting storage, so a test can make one user's next usage write fail.</summary>
public sealed class FaultyUsageStorageFixture : UsageFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddFaultInjectionMemoryStorage(StorageNames.Usage);

    public Task FailNextUsageWriteAsync(string userId)
    {
        var grains = Factory.Services.GetRequiredService<IGrainFactory>();
        // The fault grain is keyed by the state's name, as the storage provider sees it.
        return grains.GetGrain<IStorageFaultGrain>("userUsage")
            .AddFaultOnWrite(grains.GetGrain<IUserUsageGrain>(userId).GetGrainId(), new IOException("Injected storage failure."));
    }
}

public sealed class UsageStorageFaultTests(FaultyUsageStorageFixture fixture) : IClassFixture<FaultyUsageStorageFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_usage_write_that_fails_leaves_the_answer_delivered_and_counted_as_a_failure_and_the_next_turn_is_counted()
    {
        using var failures = new MetricCollector<long>(
            fixture.Factory.Services.GetRequiredService<IMeterFactory>(), "GeminiClone", "geminiclone.usage.record_failures");
        var (user, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomOnAsync(token, UsageFixture.Flash);
        var marker = Guid.NewGuid().ToString("N");

        await fixture.FailNextUsageWriteAsync(user.Id);
        var answer = await _api.ChatAsync(token, room, $"{marker} first");
        var recorded = await _api.GetUsageAsync(token);
        await _api.ChatAsync(token, room, $"{marker} second");

        Assert.Equal($"Reply #1: {marker} first", answer);
        Assert.Equal(1, Assert.Single(failures.GetMeasurementSnapshot()).Value);
        // What storage did not take is not shown; the next turn is counted as usual.
        Assert.Empty(recorded["days"]!.AsArray());
        var line = (await _api.GetUsageAsync(token)).ModelUsage(UsageFixture.Flash)!;
        var second = EmulatedUsage.Of(fixture.Gemini.Requests.Containing($"{marker} second"));
        Assert.Equal((1, second.Input), (line["turns"]!.GetValue<int>(), line["inputTokens"]!.GetValue<long>()));
    }
}
