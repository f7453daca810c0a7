using System.Collections.Concurrent;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Search;

namespace GeminiClone.Grains.Adapters.InMemory;

/// <summary>
/// The embedded mode's index: every user's messages as word lists, scanned per query. One process-wide instance,
/// which is right for the embedded mode's single silo (and its in-memory state, which a restart loses as well);
/// a cluster of several silos uses PostgreSQL. A scan of a user's whole history is fine at the sizes one
/// developer's machine holds (about 10 ms for 10,000 messages).
/// </summary>
public sealed class MemoryChatSearchIndex : IChatSearchIndex
{
    private readonly ConcurrentDictionary<string, OwnerRows> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _ownerOfChatroom = new(StringComparer.Ordinal);

    public Task WriteAsync(
        SearchableChatroom chatroom, IReadOnlyList<SearchableMessage> messages, int unindexedFrom = int.MaxValue, CancellationToken cancellationToken = default)
    {
        _ownerOfChatroom[chatroom.ChatroomId] = chatroom.OwnerId;
        var owner = _owners.GetOrAdd(chatroom.OwnerId, _ => new OwnerRows());
        // Cut into words before taking the lock, which every search of this user waits for.
        var title = Row.Of(null, chatroom.UpdatedAt, chatroom.Title);
        var rows = messages.Select(m => (m.Sequence, Rows: SearchableRows.Of(m.Message).Select(v => (v.Version, Row.Of(v.Message.Role, v.Message.Timestamp, v.Message.Text))).ToList())).ToList();
        lock (owner)
        {
            if (!owner.Chatrooms.TryGetValue(chatroom.ChatroomId, out var indexed))
            {
                owner.Chatrooms[chatroom.ChatroomId] = indexed = [];
            }

            indexed[new RowKey(FoundHit.TitleSequence, 0)] = title;
            foreach (var (sequence, versions) in rows)
            {
                for (var version = 0; version <= StoredMessage.MaxVersions; version++)
                {
                    indexed.Remove(new RowKey(sequence, version));
                }

                foreach (var (version, row) in versions)
                {
                    indexed[new RowKey(sequence, version)] = row;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveChatroomAsync(string chatroomId, CancellationToken cancellationToken = default)
    {
        if (_ownerOfChatroom.TryRemove(chatroomId, out var ownerId) && _owners.TryGetValue(ownerId, out var owner))
        {
            lock (owner)
            {
                owner.Chatrooms.Remove(chatroomId);
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        if (_owners.TryRemove(ownerId, out var owner))
        {
            lock (owner)
            {
                foreach (var chatroomId in owner.Chatrooms.Keys)
                {
                    _ownerOfChatroom.TryRemove(chatroomId, out _);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<FoundChatroom>> FindAsync(
        string ownerId, SearchQuery query, int offset, int limit, int hitsPerChatroom, CancellationToken cancellationToken = default)
    {
        if (!_owners.TryGetValue(ownerId, out var owner))
        {
            return Task.FromResult<IReadOnlyList<FoundChatroom>>([]);
        }

        List<(string ChatroomId, RowKey Key, Row Row, double Rank)> hits = [];
        lock (owner)
        {
            foreach (var (chatroomId, rows) in owner.Chatrooms)
            {
                foreach (var (key, row) in rows)
                {
                    if (row.Rank(query) is > 0 and var rank)
                    {
                        hits.Add((chatroomId, key, row, rank * SearchRanking.Weight(key.Sequence, key.Version)));
                    }
                }
            }
        }

        IReadOnlyList<FoundChatroom> found =
        [
            .. hits.GroupBy(hit => hit.ChatroomId)
                .Select(chatroom => (
                    Id: chatroom.Key,
                    Best: chatroom.Max(hit => hit.Rank),
                    Latest: chatroom.Max(hit => hit.Row.At),
                    Hits: chatroom.OrderByDescending(hit => hit.Rank).ThenByDescending(hit => hit.Key.Sequence).ThenBy(hit => hit.Key.Version).ToList()))
                .OrderByDescending(chatroom => chatroom.Best).ThenByDescending(chatroom => chatroom.Latest).ThenBy(chatroom => chatroom.Id, StringComparer.Ordinal)
                .Skip(offset).Take(limit)
                .Select(chatroom => new FoundChatroom(chatroom.Id, chatroom.Hits.Count, [
                    .. chatroom.Hits.Take(hitsPerChatroom).Select(hit => new FoundHit(hit.Key.Sequence, hit.Key.Version, hit.Row.Role, hit.Row.At, hit.Row.Text)),
                ])),
        ];
        return Task.FromResult(found);
    }

    private sealed class OwnerRows
    {
        public Dictionary<string, Dictionary<RowKey, Row>> Chatrooms { get; } = new(StringComparer.Ordinal);
    }

    private readonly record struct RowKey(int Sequence, int Version);

    private sealed record Row(MessageRole? Role, DateTimeOffset At, string Text, string[] Lexemes, HashSet<string> Distinct)
    {
        public static Row Of(MessageRole? role, DateTimeOffset at, string text)
        {
            string[] lexemes = [.. SearchText.Tokenize(text).Select(token => token.Lexeme)];
            return new Row(role, at, text, lexemes, [.. lexemes]);
        }

        /// <summary>0 unless every term matches; else more for more occurrences, less for longer texts.</summary>
        public double Rank(SearchQuery query)
        {
            var occurrences = 0;
            foreach (var term in query.Terms)
            {
                var count = Occurrences(term);
                if (count == 0)
                {
                    return 0;
                }

                occurrences += count;
            }

            return occurrences / (1 + Math.Log(1 + Lexemes.Length));
        }

        private int Occurrences(SearchTerm term)
        {
            if ((term.Words.Count > 1 || !term.LastIsPrefix) && !Distinct.Contains(term.Words[0]))
            {
                return 0;
            }

            var count = 0;
            for (var start = 0; start + term.Words.Count <= Lexemes.Length; start++)
            {
                var all = true;
                for (var word = 0; all && word < term.Words.Count; word++)
                {
                    all = term.Matches(word, Lexemes[start + word]);
                }

                count += all ? 1 : 0;
            }

            return count;
        }
    }
}
