using System.Collections.Concurrent;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Usage;

/// <summary>
/// Prices a turn from the table (<see cref="UsageOptions.Prices"/>) in <c>decimal</c>, so sums of many turns are
/// exact and a cap compares without rounding. A model the table lacks costs 0, and the silo says so once per model.
/// The plans' monthly caps are read here too: the same currency, configured beside the prices.
/// </summary>
public sealed partial class UsagePrices(IOptions<UsageOptions> options, ILogger<UsagePrices> logger)
{
    private const decimal Million = 1_000_000m;

    private readonly ConcurrentDictionary<string, bool> _unpriced = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Fresh input at the input price, cached input at the cached price (Gemini counts cached tokens inside the
    /// prompt's), answer and thought tokens at the output price, and each image at the image price.
    /// </summary>
    public decimal CostOf(TurnUsage turn)
    {
        if (!options.Value.Prices.TryGetValue(turn.Model, out var table))
        {
            if (_unpriced.TryAdd(turn.Model, true))
            {
                LogUnpriced(turn.Model);
            }

            return 0m;
        }

        var price = table.On(UsageDays.DayOf(turn.At));
        var input = turn.Tokens?.InputTokens ?? 0;
        var cached = Math.Min(input, turn.Tokens?.CachedTokens ?? 0);
        var output = (turn.Tokens?.OutputTokens ?? 0) + (turn.Tokens?.ThoughtTokens ?? 0);
        return ((input - cached) * price.InputPerMillion + cached * (price.CachedInputPerMillion ?? price.InputPerMillion)
            + output * price.OutputPerMillion) / Million
            + turn.Images * (price.PerImage ?? 0m);
    }

    /// <summary>What a plan may spend in a UTC month (<see cref="UsageOptions.MonthlyCap"/>), in the prices' USD; null: no cap.</summary>
    public decimal? MonthlyCapFor(UserTier tier) => options.Value.MonthlyCap.For(tier);

    [LoggerMessage(LogLevel.Warning, "Model {Model} has no price in Usage:Prices: its turns are counted at an estimated cost of 0")]
    private partial void LogUnpriced(string model);
}
