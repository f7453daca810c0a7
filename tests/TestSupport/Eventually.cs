namespace GeminiClone.TestSupport;

/// <summary>Waits for something another process or thread makes true, polling, and fails the test if it never does.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    public static Task HoldsAsync(Func<bool> condition, TimeSpan? within = null) =>
        HoldsAsync(() => Task.FromResult(condition()), within);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(5));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {within ?? TimeSpan.FromSeconds(5)}.");
            await Task.Delay(Poll);
        }
    }
}
