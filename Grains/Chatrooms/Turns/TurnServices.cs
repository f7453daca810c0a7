using GeminiClone.Grains.Chatrooms.Titles;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Attachments;
using GeminiClone.Grains.Telemetry;
using GeminiClone.Grains.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// What running turns takes from the container: Gemini, the model catalog, the limits a turn checks (the spending cap
/// among them) and where its usage is recorded. One per silo, shared by every chatroom, each of which makes its own
/// <see cref="TurnRunner"/> from it.
/// </summary>
public sealed class TurnServices(
    GeminiAsker gemini,
    GeminiModelCatalog models,
    IOptions<GeminiOptions> geminiOptions,
    IOptions<AttachmentOptions> attachmentOptions,
    ModelImages images,
    TimeProvider clock,
    GeminiCloneMetrics metrics,
    TitleAsker titles,
    TurnUsageRecorder usage,
    SpendingCaps caps,
    ILoggerFactory loggers)
{
    /// <summary>The models a chatroom may choose, and what each allows.</summary>
    public GeminiModelCatalog Models => models;

    /// <summary>Whether Gemini can be asked at all (an API key is configured).</summary>
    public bool GeminiConfigured => geminiOptions.Value.IsConfigured;

    /// <summary>Asks the title model for a chatroom's title (after its first answer, or when its owner asks).</summary>
    public TitleAsker Titles => titles;

    /// <summary>Where a turn's outcome, tokens and timings are counted once it ends.</summary>
    public GeminiCloneMetrics Metrics => metrics;

    internal TurnRunner RunnerFor(string chatroomId, ChatHistory history, IGrainFactory grains) =>
        new(chatroomId, history, gemini, models, images, attachmentOptions.Value.MaxPerMessage, caps, usage, grains, clock, loggers.CreateLogger<TurnRunner>());
}
