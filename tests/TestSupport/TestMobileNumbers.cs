namespace GeminiClone.TestSupport;

/// <summary>Distinct valid Indian mobile numbers, one per call, across every test and tool in the process.</summary>
public static class TestMobileNumbers
{
    private static int _next = Random.Shared.Next(100_000_000);

    /// <summary>Ten digits, the way a user in India would type it (the default region reads it).</summary>
    public static string Next() => $"9{Interlocked.Increment(ref _next) % 1_000_000_000:D9}";

    /// <summary>The same kind of number in E.164, as the grains store it.</summary>
    public static string NextE164() => "+91" + Next();
}
