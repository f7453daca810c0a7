namespace GeminiClone.Grains.Interfaces.Usage;

/// <summary>What one recorded turn adds to its day's service-wide figures.</summary>
[GenerateSerializer, Immutable, Alias("GeminiClone.Usage.UsageDayEntry")]
public sealed record UsageDayEntry(string UserId, string Model, UsageFigures Figures);

/// <summary>A user's estimated cost and turns answered, on a day or over a range.</summary>
[GenerateSerializer, Alias("GeminiClone.Usage.UserCost")]
public sealed record UserCost(string UserId, decimal Cost, int Turns);

/// <summary>One UTC day of the whole service: figures by model, and each user's cost that day.</summary>
[GenerateSerializer, Alias("GeminiClone.Usage.ServiceUsageDay")]
public sealed record ServiceUsageDay(DateOnly Day, IReadOnlyList<ModelUsage> Models, IReadOnlyList<UserCost> Users)
{
    public UsageFigures Totals => UsageFigures.Sum(Models.Select(m => m.Figures));
}

/// <summary>The whole service's figures from <paramref name="From"/> to <paramref name="To"/>, ready to group.</summary>
/// <param name="Days">Every day of the range, oldest first, with its figures by model (no users: see <paramref name="TopUsers"/>).</param>
/// <param name="Models">Each model's figures over the range.</param>
/// <param name="TopUsers">The users who cost most over the range, most first (ties by id).</param>
[GenerateSerializer, Alias("GeminiClone.Usage.ServiceUsage")]
public sealed record ServiceUsage(
    DateOnly From, DateOnly To, IReadOnlyList<DayUsage> Days, IReadOnlyList<ModelUsage> Models, IReadOnlyList<UserCost> TopUsers);
