using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// What usage is priced at (<c>Usage:Prices</c>), the monthly spending caps (<c>Usage:MonthlyCap:Basic</c>,
/// <c>Usage:MonthlyCap:Pro</c>), and how often the service-wide day figures are forwarded and written.
/// </summary>
public sealed class UsageOptions : IValidatableObject
{
    public const string Section = "Usage";

    /// <summary>
    /// USD per model id of the catalog (<c>Usage:Prices:gemini-3.8-flash:InputPerMillion=0.75</c>); configured
    /// entries add to and change the defaults, as the configuration binder does. A model missing here costs 0 (and the
    /// silo warns once).
    /// </summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = DefaultPrices();

    /// <summary>Estimated USD a user of each plan may spend per UTC month; none (the default) means no cap.</summary>
    public SpendingCapOptions MonthlyCap { get; set; } = new();

    /// <summary>
    /// How often a day's service-wide figures are written (and when the grain goes idle): every turn of the service
    /// passes through that one grain, so it writes a batch rather than every turn.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ServiceFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each silo sends the day's grain its tally of the turns it recorded (<see cref="UsageDayTally"/>): one
    /// call per day and silo, instead of one per turn. The operators' figures lag by up to this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ServiceForwardInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Google's published prices for the Gemini Developer API's paid tier, standard (synchronous) requests, prompts up to
    /// 200k tokens, from ai.google.dev/gemini-api/docs/pricing as read on 2026-12-05 (through its transcription of
    /// 2026-10-07, with cached-input prices from the providers that list them). Thought tokens are billed as output.
    /// Image models are priced per image at Google's 1K figure (the image's own output tokens are also counted at the
    /// text output price, which over-estimates a little: what we keep does not split Gemini's output by modality).
    /// Not modelled: the >200k-token prompt tier (3.1 Pro), Batch/Flex/Priority, Google Search grounding beyond the
    /// free 5,000 a month ($14 per 1,000), context cache storage.
    /// </summary>
    public static Dictionary<string, ModelPrice> DefaultPrices() => new(StringComparer.OrdinalIgnoreCase)
    {
        // Half price through 2026-12-31, then Google's standard price.
        ["gemini-3.8-flash"] = new()
        {
            InputPerMillion = 0.75m, CachedInputPerMillion = 0.075m, OutputPerMillion = 3.75m, Until = new DateOnly(2026, 12, 31),
            Then = new() { InputPerMillion = 1.50m, CachedInputPerMillion = 0.15m, OutputPerMillion = 7.50m },
        },
        // Deprecated; Google routes it to gemini-3.8-flash, at that model's price.
        ["gemini-3.7-flash"] = new()
        {
            InputPerMillion = 0.75m, CachedInputPerMillion = 0.075m, OutputPerMillion = 3.75m, Until = new DateOnly(2026, 12, 31),
            Then = new() { InputPerMillion = 1.50m, CachedInputPerMillion = 0.15m, OutputPerMillion = 7.50m },
        },
        ["gemini-3.5-flash"] = new() { InputPerMillion = 1.50m, CachedInputPerMillion = 0.15m, OutputPerMillion = 9.00m },
        ["gemini-3.5-flash-lite"] = new() { InputPerMillion = 0.30m, OutputPerMillion = 2.50m },
        ["gemini-3.1-pro-preview"] = new() { InputPerMillion = 2.00m, CachedInputPerMillion = 0.20m, OutputPerMillion = 12.00m },
        ["gemini-3.1-flash-image"] = new() { InputPerMillion = 0.50m, OutputPerMillion = 3.00m, PerImage = 0.067m },
        ["gemini-3-pro-image"] = new() { InputPerMillion = 2.00m, OutputPerMillion = 12.00m, PerImage = 0.134m },
        ["gemini-2.5-flash"] = new() { InputPerMillion = 0.30m, CachedInputPerMillion = 0.03m, OutputPerMillion = 2.50m },
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (model, price) in Prices)
        {
            if (price.Problem() is { } problem)
            {
                yield return new ValidationResult($"Usage:Prices:{model}: {problem}", [nameof(Prices)]);
            }
        }

        if (MonthlyCap.Basic < 0 || MonthlyCap.Pro < 0)
        {
            yield return new ValidationResult("Usage:MonthlyCap:Basic and Usage:MonthlyCap:Pro must not be negative.", [nameof(MonthlyCap)]);
        }
    }
}

/// <summary>One model's price in USD: per million tokens, and per image for models that draw.</summary>
public sealed class ModelPrice
{
    public decimal InputPerMillion { get; set; }

    /// <summary>Input tokens served from Gemini's cache; null: Google publishes none, so they cost as any input.</summary>
    public decimal? CachedInputPerMillion { get; set; }

    /// <summary>The answer's tokens and the thought tokens, which Google bills as output.</summary>
    public decimal OutputPerMillion { get; set; }

    public decimal? PerImage { get; set; }

    /// <summary>The last UTC day of this price; from the next day on, <see cref="Then"/>.</summary>
    public DateOnly? Until { get; set; }

    public ModelPrice? Then { get; set; }

    /// <summary>The price of <paramref name="day"/>.</summary>
    public ModelPrice On(DateOnly day) => Until is { } last && day > last && Then is { } later ? later.On(day) : this;

    internal string? Problem() =>
        InputPerMillion < 0 || CachedInputPerMillion < 0 || OutputPerMillion < 0 || PerImage < 0 ? "prices must not be negative."
        : Then is not null && Until is null ? "Then needs Until (the last day of the price before it)."
        : Then?.Problem();
}

public sealed class SpendingCapOptions
{
    public decimal? Basic { get; set; }

    public decimal? Pro { get; set; }

    public decimal? For(UserTier tier) => tier == UserTier.Pro ? Pro : Basic;
}
