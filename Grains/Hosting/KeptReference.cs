namespace GeminiClone.Grains.Hosting;

/// <summary>
/// A grain's reference (or a few) made for a key and kept while the key stays the same: what a grain that calls the
/// same other grains on every call keeps (a chatroom its owner's, a usage record its day's). Orleans builds a new proxy
/// on every <c>GetGrain</c>, resolving a copier for each argument type (<see cref="GrainReferences"/> says what that
/// costs). Not thread-safe: it belongs to one activation, whose calls run one at a time.
/// </summary>
public sealed class KeptReference<TKey, TReference>(Func<TKey, TReference> make)
    where TKey : notnull
{
    private (TKey Key, TReference Reference)? _kept;

    public TReference For(TKey key)
    {
        if (_kept is not { } kept || !EqualityComparer<TKey>.Default.Equals(kept.Key, key))
        {
            _kept = kept = (key, make(key));
        }

        return kept.Reference;
    }
}
