namespace GeminiClone.Grains.Hosting;

public static class HealthTags
{
    /// <summary>Checks that must pass before a process takes traffic (<c>/health/ready</c>).</summary>
    public const string Ready = "ready";

    /// <summary>Checks whose failure means the process must be restarted (<c>/health/live</c>).</summary>
    public const string Live = "live";
}
