using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>Answers from the silo's own catalog, so the gateway shows exactly the models the chatrooms accept.</summary>
[StatelessWorker]
public sealed class ModelCatalogGrain(GeminiModelCatalog catalog) : Grain, IModelCatalogGrain
{
    public Task<IReadOnlyList<ModelInfo>> GetModelsAsync(UserTier tier) => Task.FromResult(catalog.Offered(tier));
}
