namespace GeminiClone.Grains.Gemini;

/// <summary>A file Gemini holds: what a request refers to it by, and when Gemini forgets it.</summary>
public sealed record GeminiFileRef(string Uri, DateTimeOffset ExpiresAt);
