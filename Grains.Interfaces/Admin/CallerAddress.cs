namespace GeminiClone.Grains.Interfaces.Admin;

/// <summary>
/// The client's IP address, as the gateway sees it behind the configured forwarded headers, travelling with every
/// grain call a request makes (Orleans' <see cref="RequestContext"/>), so the grains that record audit events know
/// it without every call carrying it as a parameter. Null in work no request started (reminders, timers).
/// </summary>
public static class CallerAddress
{
    private const string Key = "gc-client-ip";

    public static string? Current => RequestContext.Get(Key) as string;

    /// <summary>Called by the gateway once per request, before any grain call of it.</summary>
    public static void Set(string? address)
    {
        if (address is null)
        {
            RequestContext.Remove(Key);
        }
        else
        {
            RequestContext.Set(Key, address);
        }
    }
}
