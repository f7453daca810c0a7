using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// A turn's hold on the owner's daily images, for a model that draws: one image reserved before Gemini is asked,
/// settled by what the turn made (nothing when it failed or made none, more when it drew several). A turn whose
/// model does not draw holds nothing and asks nothing.
/// </summary>
internal sealed partial class TurnDrawing(bool draws, IUserGrain owner, ILogger logger)
{
    private const int Reserved = 1;
    private bool _held;

    /// <summary>Today's images as last heard from the owner; null for a model that does not draw.</summary>
    public ImageAllowance? Allowance { get; private set; }

    /// <summary>Null for a model that does not draw; else whether today's allowance had an image left.</summary>
    public async Task<ImageAllowance?> ReserveAsync()
    {
        if (!draws)
        {
            return null;
        }

        Allowance = await owner.ReserveImagesAsync(Reserved);
        _held = Allowance.Granted;
        return Allowance;
    }

    /// <summary>
    /// Settles once; later calls change nothing. A settlement that fails is logged, not thrown: the turn's outcome
    /// stands, and the day's count is off by at most the reserved image until midnight.
    /// </summary>
    public async Task SettleAsync(int made)
    {
        if (!_held)
        {
            return;
        }

        _held = false;
        try
        {
            Allowance = await owner.SettleImagesAsync(Reserved, made);
        }
        catch (Exception e)
        {
            LogNotSettled(e, made);
        }
    }

    [LoggerMessage(LogLevel.Warning, "A turn's image reservation could not be settled ({Made} made)")]
    private partial void LogNotSettled(Exception exception, int made);
}
