using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>What a new chatroom starts from: a Gem, or its owner's default model and tools.</summary>
public sealed partial class ChatroomGrain
{
    /// <summary>
    /// From a Gem: the Gem as it is now (kept as the chatroom's copy) and only what the request names, so the Gem's
    /// model, instructions and tools apply wherever the chatroom sets none; the owner's defaults do not, the Gem is
    /// the choice. Otherwise the owner's default model and tools fill what the request leaves out (an empty model
    /// asks for the catalog's default instead), less default tools the model does not take: a request that never
    /// named tools is not refused for them. Null when the owner has no such Gem.
    /// </summary>
    private async Task<ChatroomStart?> StartingPointAsync(string ownerId, ChatroomChange initial)
    {
        var preferences = GrainFactory.GetGrain<IUserPreferencesGrain>(ownerId);
        if (initial.GemId is { } gemId)
        {
            return (await preferences.GetForTurnAsync(gemId)).Gem is { } gem ? new ChatroomStart(initial, gem) : null;
        }

        var defaults = await preferences.GetPreferencesAsync();
        var model = initial.Model ?? defaults.DefaultModel;
        var tools = initial.Tools ?? turnServices.Models.TakenBy(defaults.DefaultTools, model);
        return new ChatroomStart(initial with { Model = model, Tools = tools }, null);
    }

    private sealed record ChatroomStart(ChatroomChange Change, GemSettings? Gem);
}
