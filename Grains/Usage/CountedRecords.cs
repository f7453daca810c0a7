namespace GeminiClone.Grains.Usage;

/// <summary>
/// The record ids a user's usage remembers as counted (<see cref="UserUsageState.Recent"/> and
/// <see cref="UserUsageHistory.Recent"/>), as one set in memory for the check every turn makes: walking the
/// stored ids compared up to 64 of them a turn (0.6 % of a turn's CPU when they were strings in as many places).
/// The stored ids stay the truth: the set is made from them when first asked, and again after the grain reads its
/// state anew. It may also hold ids the records have since forgotten, each counted in this activation, so saying
/// "counted" for one is still true; it is remade from the records before that grows past a few records' worth.
/// </summary>
internal sealed class CountedRecords
{
    private const int MaxRemembered = 4 * UserUsageBook.RememberedRecords;

    private HashSet<string>? _ids;

    public bool Contains(UserUsageState usage, UserUsageHistory history, string recordId) =>
        (_ids ??= From(usage, history)).Contains(recordId);

    /// <summary>Notes an id the lists now hold; the set is remade from them when it has grown too large.</summary>
    public void Add(string recordId)
    {
        if (_ids?.Count >= MaxRemembered)
        {
            _ids = null;
        }

        _ids?.Add(recordId);
    }

    /// <summary>The state was read again or replaced: the set is made from it on the next check.</summary>
    public void Forget() => _ids = null;

    private static HashSet<string> From(UserUsageState usage, UserUsageHistory history)
    {
        var ids = new HashSet<string>(usage.Recent.Count + history.Recent.Count, StringComparer.Ordinal);
        ids.UnionWith(usage.Recent.Ids);
        ids.UnionWith(history.Recent.Ids);
        return ids;
    }
}
