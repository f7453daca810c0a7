using Microsoft.Extensions.Configuration;

namespace GeminiClone.Grains.Hosting;

/// <summary>How long a process waits at start for what it cannot serve without (<c>Startup:*</c>).</summary>
public sealed class StartupOptions
{
    public const string Section = "Startup";

    /// <summary>
    /// How long a silo waits for PostgreSQL and Redis, and a gateway for a silo, before it exits 1 with one line
    /// saying what it could not reach. Long enough for the stores to come up beside it (a compose or pod start),
    /// short enough that a wrong address shows as a restarting process rather than one that waits forever.
    /// </summary>
    public TimeSpan StoreWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Read while the host is being built, before the container exists.</summary>
    public static StartupOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<StartupOptions>() ?? new StartupOptions();
        return options.StoreWait > TimeSpan.Zero
            ? options
            : throw new InvalidOperationException("Startup:StoreWait must be a positive time span, e.g. 00:02:00.");
    }
}
