using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Usage;
using GeminiClone.Grains.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Tests.Usage;

/// <summary>How a turn is priced: Google's way of counting (cached input inside the prompt, thoughts as output), dated prices, unknown models.</summary>
public sealed class UsagePricesTests
{
    private static readonly UsagePrices Defaults = new(Options.Create(new UsageOptions()), NullLogger<UsagePrices>.Instance);

    [Fact]
    public void Fresh_input_cached_input_and_output_with_thoughts_are_each_priced_at_their_own_rate()
    {
        // gemini-3.5-flash: 1.50 input, 0.15 cached input, 9.00 output per million.
        var turn = Turn("gemini-3.5-flash", new DateOnly(2026, 12, 5), input: 1_000_000, cached: 400_000, output: 100_000, thoughts: 50_000);

        Assert.Equal(0.6m * 1.50m + 0.4m * 0.15m + 0.15m * 9.00m, Defaults.CostOf(turn));
    }

    [Fact]
    public void The_default_models_half_price_ends_with_2026_and_images_are_priced_each()
    {
        var lastDay = Defaults.CostOf(Turn("gemini-3.8-flash", new DateOnly(2026, 12, 31), input: 1_000_000, cached: 0, output: 1_000_000, thoughts: 0));
        var firstDay = Defaults.CostOf(Turn("gemini-3.8-flash", new DateOnly(2027, 1, 1), input: 1_000_000, cached: 0, output: 1_000_000, thoughts: 0));
        var drawing = Defaults.CostOf(Turn("gemini-3.1-flash-image", new DateOnly(2026, 12, 5), 0, 0, 0, 0) with { Images = 3 });

        Assert.Equal((0.75m + 3.75m, 1.50m + 7.50m, 3 * 0.067m), (lastDay, firstDay, drawing));
    }

    [Fact]
    public void A_model_missing_from_the_table_costs_nothing_and_is_warned_of_once()
    {
        var log = new CountingLogger();
        var prices = new UsagePrices(Options.Create(new UsageOptions()), log);

        var costs = Enumerable.Range(0, 3).Select(_ => prices.CostOf(Turn("gemini-9-unknown", new DateOnly(2026, 12, 5), 1000, 0, 1000, 0))).ToList();

        Assert.Equal([0m, 0m, 0m], costs);
        Assert.Equal(1, log.Warnings);
    }

    [Fact]
    public void Negative_prices_and_caps_and_a_later_price_without_its_date_are_refused_at_start()
    {
        var options = new UsageOptions { MonthlyCap = new SpendingCapOptions { Pro = -1 } };
        options.Prices["gemini-test"] = new ModelPrice { InputPerMillion = -1 };
        options.Prices["gemini-later"] = new ModelPrice { Then = new ModelPrice() };

        var problems = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage).ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p!.Contains("gemini-test", StringComparison.Ordinal));
        Assert.Contains(problems, p => p!.Contains("gemini-later", StringComparison.Ordinal));
        Assert.Empty(new UsageOptions().Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }

    private static TurnUsage Turn(string model, DateOnly day, long input, long cached, long output, long thoughts) =>
        new("r", new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero), model, ChatTurnStatus.Replied)
        {
            Tokens = new TokenUsage(input, output, input + output + thoughts) { CachedTokens = cached, ThoughtTokens = thoughts },
        };

    private sealed class CountingLogger : ILogger<UsagePrices>
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Warnings += logLevel == LogLevel.Warning ? 1 : 0;
    }
}
