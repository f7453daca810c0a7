namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>A model the caller may choose, as <c>GET /models</c> lists it.</summary>
/// <param name="ThinkingLevels">The levels it accepts; empty for a model steered by a token budget.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.ModelInfo")]
public sealed record ModelInfo(string Id, string DisplayName, IReadOnlyList<string> ThinkingLevels, string? DefaultThinkingLevel, bool IsDefault)
{
    /// <summary>The built-in tools it takes (<see cref="ChatToolNames"/>).</summary>
    [Id(5)] public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>It can answer with images.</summary>
    [Id(6)] public bool MakesImages { get; init; }
}
