namespace GeminiClone.Grains.Interfaces.Search;

/// <summary>What a search may ask: the gateway refuses more before any grain is called, the search grain parses up to it.</summary>
public static class SearchLimits
{
    public const int MaxQueryLength = 200;
}
