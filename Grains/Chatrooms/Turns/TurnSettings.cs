using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users.Preferences;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// The settings a turn runs with, from the chatroom's own and its owner's preferences as they are when the turn
/// starts (<see cref="IUserPreferencesGrain.GetForTurnAsync"/>, kept between turns by <see cref="KeptPreferences"/>).
/// </summary>
/// <remarks>
/// Instructions and Gems change on any gateway, and a chatroom must use a change on its very next turn, without a
/// push channel: pushing to chatrooms would wake every chatroom of a user (there may be a thousand) on each edit.
/// So a chatroom keeps what it read, and the turn's quota slot, which every turn holds anyway, says whether it is
/// still current: the preferences grain announces each change's version to the user's grain before storing it. A
/// turn whose owner changed nothing makes no call for them; one after a change reads them again.
/// </remarks>
/// <param name="Settings">The chatroom's own settings, with its Gem's filling what it sets none of.</param>
/// <param name="UserInstructions">The owner's instructions, sent before the chatroom's (<see cref="SystemInstructions"/>).</param>
/// <param name="NewerGem">The Gem as read, when it differs from the chatroom's copy: stored with the turn.</param>
internal sealed record TurnSettings(ChatroomSettings Settings, string UserInstructions, GemSettings? NewerGem)
{
    /// <summary>A Gem the owner has deleted is used as the chatroom last used it (its copy).</summary>
    public static TurnSettings For(ChatroomView view, TurnPreferences read)
    {
        var newer = read.Gem is { } current && current != view.Gem ? current : null;
        return new TurnSettings(Layered(view.Settings, read.Gem ?? view.Gem), read.Instructions, newer);
    }

    /// <summary>
    /// The chatroom's own model, system instruction and tools win (what its owner chose for this chatroom); its Gem
    /// gives the rest. A chatroom cannot tell "no tools" from "not set", so one without tools of its own uses the Gem's.
    /// </summary>
    public static ChatroomSettings Layered(ChatroomSettings own, GemSettings? gem) => gem is null ? own : own with
    {
        Model = own.Model ?? gem.Model,
        SystemInstruction = own.SystemInstruction ?? gem.Instructions,
        Tools = own.Tools == ChatTools.None ? gem.Tools : own.Tools,
    };
}
