using GeminiClone.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// The Gemini models this deployment offers, as the silos are configured (the gateway's configuration may lag
/// behind theirs). A stateless worker: every silo answers locally from its own catalog.
/// </summary>
[Alias("GeminiClone.Chatrooms.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The models a user of <paramref name="tier"/> may choose, the default first.</summary>
    [Alias("GetModels"), ReadOnly]
    Task<IReadOnlyList<ModelInfo>> GetModelsAsync(UserTier tier);
}
