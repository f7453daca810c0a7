using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.GeminiModels;

/// <param name="ThinkingLevels">The levels a chatroom may set for it; empty when the model takes none.</param>
/// <param name="DefaultThinkingLevel">What it uses when the chatroom sets none.</param>
/// <param name="IsDefault">The model of chatrooms that choose none.</param>
/// <param name="Tools">The built-in tools it takes (<c>google_search</c>, <c>url_context</c>, <c>code_execution</c>).</param>
/// <param name="MakesImages">It can answer with images.</param>
public sealed record ModelData(
    string Id, string DisplayName, IReadOnlyList<string> ThinkingLevels, string? DefaultThinkingLevel, bool IsDefault,
    IReadOnlyList<string> Tools, bool MakesImages)
{
    public static ModelData From(ModelInfo model) =>
        new(model.Id, model.DisplayName, model.ThinkingLevels, model.DefaultThinkingLevel, model.IsDefault, model.Tools, model.MakesImages);
}
