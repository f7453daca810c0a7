namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// What a chatroom started from a Gem uses of it: read when a turn starts, and kept by the chatroom as the last it
/// used, so the chatroom goes on working as it did once the Gem is deleted.
/// </summary>
/// <param name="Model">Null: the catalog's default.</param>
/// <param name="UpdatedAt">When the Gem last changed: a copy older than the Gem is refreshed with the next turn.</param>
[GenerateSerializer, Immutable, Alias("GeminiClone.Chatrooms.GemSettings")]
public sealed record GemSettings(string Id, string Name, string Instructions, string? Model, ChatTools Tools, DateTimeOffset UpdatedAt)
{
    public GemReference ToReference() => new(Id, Name);
}

/// <summary>A chatroom's Gem as its details show it.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.GemReference")]
public sealed record GemReference(string Id, string Name);
