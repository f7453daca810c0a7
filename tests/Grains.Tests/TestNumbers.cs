namespace GeminiClone.Grains.Tests;

internal static class TestNumbers
{
    private static int _next = Random.Shared.Next(100_000_000);

    /// <summary>A distinct, valid-looking Indian mobile number in E.164 for each call.</summary>
    public static string NextMobile() => $"+919{Interlocked.Increment(ref _next) % 1_000_000_000:D9}";
}
