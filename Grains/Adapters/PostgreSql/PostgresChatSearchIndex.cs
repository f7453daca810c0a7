using System.Text;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Search;
using Npgsql;
using NpgsqlTypes;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>
/// The production index: table <c>chat_search</c> (deploy/sql/003_search.sql), one row per title, message and
/// earlier version, with a <c>tsvector</c> of our own words (<see cref="SearchText"/>) under a GIN index on
/// (owner, words), so a search reads only the caller's matching rows. Queries go to PostgreSQL as typed
/// <c>tsquery</c> values built from words, never as text it would parse: nothing a user types is query syntax.
/// </summary>
public sealed class PostgresChatSearchIndex : IChatSearchIndex, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly PostgresWriteBatches _batches;

    public PostgresChatSearchIndex(string connectionString)
    {
        _database = NpgsqlDataSource.Create(connectionString);
        _batches = new PostgresWriteBatches(_database);
    }

    /// <summary>PostgreSQL's largest word position; later words share it.</summary>
    private const int MaxPosition = 16383;

    /// <summary>PostgreSQL keeps at most this many positions of one word per row.</summary>
    private const int MaxPositionsPerWord = 255;

    /// <remarks>
    /// Goes to PostgreSQL in a batch with the writes of other chatrooms (<see cref="PostgresWriteBatches"/>); once
    /// handed over it cannot be cancelled.
    /// </remarks>
    public Task WriteAsync(
        SearchableChatroom chatroom, IReadOnlyList<SearchableMessage> messages, int unindexedFrom = int.MaxValue, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rows = new List<(int Sequence, int Version, MessageRole? Role, DateTimeOffset At, string Text)>(messages.Count * 2 + 1)
        {
            (FoundHit.TitleSequence, 0, null, chatroom.UpdatedAt, chatroom.Title),
        };
        rows.AddRange(messages.SelectMany(m => SearchableRows.Of(m.Message).Select(v => (m.Sequence, v.Version, (MessageRole?)v.Message.Role, v.Message.Timestamp, v.Message.Text))));
        // Only positions the index may hold rows of are looked up to be removed: a turn's own messages are not (looking
        // where nothing is took 11-20 % of PostgreSQL's time on a turn's statements; tests/Benchmarks/README.md).
        var replaced = messages.Where(m => m.Sequence < unindexedFrom).Select(m => m.Sequence).ToArray();
        var sequences = rows.Select(r => r.Sequence).ToArray();
        var versions = rows.Select(r => (short)r.Version).ToArray();
        var roles = rows.Select(r => (short?)r.Role).ToArray();
        var times = rows.Select(r => r.At.UtcDateTime).ToArray();
        // PostgreSQL's text holds no NUL, which a message may: a space, where its words are cut as well.
        var texts = rows.Select(r => r.Text.Replace('\0', ' ')).ToArray();
        var documents = rows.Select(r => Document(r.Text)).ToArray();
        // One transaction (the batch's): a message's rows are replaced whole or not at all.
        return _batches.WriteAsync(() => [.. Commands()]);

        IEnumerable<NpgsqlBatchCommand> Commands()
        {
            if (replaced.Length > 0)
            {
                yield return Command("DELETE FROM chat_search WHERE chatroom_id = $1 AND sequence = ANY($2)", chatroom.ChatroomId, replaced);
            }

            // The title's row and the messages' in one statement; an upsert, so a position written by a write whose
            // count was not stored is written over.
            yield return Command("""
                INSERT INTO chat_search (chatroom_id, sequence, version, owner_id, role, at, body, document)
                SELECT $1, r.sequence, r.version, $2, r.role, r.at, r.body, r.document::tsvector
                FROM unnest($3::integer[], $4::smallint[], $5::smallint[], $6::timestamptz[], $7::text[], $8::text[])
                    AS r(sequence, version, role, at, body, document)
                ON CONFLICT (chatroom_id, sequence, version) DO UPDATE
                SET owner_id = EXCLUDED.owner_id, role = EXCLUDED.role, at = EXCLUDED.at, body = EXCLUDED.body, document = EXCLUDED.document
                """, chatroom.ChatroomId, chatroom.OwnerId, sequences, versions, roles, times, texts, documents);
        }
    }

    public async Task RemoveChatroomAsync(string chatroomId, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("DELETE FROM chat_search WHERE chatroom_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = chatroomId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RemoveOwnerAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        await using var command = _database.CreateCommand("DELETE FROM chat_search WHERE owner_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FoundChatroom>> FindAsync(
        string ownerId, SearchQuery query, int offset, int limit, int hitsPerChatroom, CancellationToken cancellationToken = default)
    {
        // Two steps in one statement. The page of chatrooms: every matching row of the caller ranked and folded into
        // its chatroom by a hash aggregate (no sort of all matches, no text read). Then each of those chatrooms'
        // best hits, ranked again from its own rows through the primary key, and only they read whole.
        await using var command = _database.CreateCommand(FormattableString.Invariant($"""
            WITH rooms AS (
                SELECT chatroom_id, max(rank) AS best, max(at) AS latest, count(*) AS matches
                FROM (SELECT chatroom_id, at, {Rank("chat_search")} AS rank
                      FROM chat_search
                      WHERE owner_id = $1 AND document @@ $2) AS hits
                GROUP BY chatroom_id
                ORDER BY best DESC, latest DESC, chatroom_id
                OFFSET $3 LIMIT $4)
            SELECT r.chatroom_id, r.matches, h.sequence, h.version, h.role, h.at, h.body
            FROM rooms AS r
            CROSS JOIN LATERAL (
                SELECT s.sequence, s.version, s.role, s.at, s.body, {Rank("s")} AS rank
                FROM chat_search AS s
                WHERE s.chatroom_id = r.chatroom_id AND s.document @@ $2
                ORDER BY rank DESC, s.sequence DESC, s.version
                LIMIT $5) AS h
            ORDER BY r.best DESC, r.latest DESC, r.chatroom_id, h.rank DESC, h.sequence DESC, h.version
            """));
        command.Parameters.Add(new NpgsqlParameter { Value = ownerId });
        command.Parameters.Add(new NpgsqlParameter { Value = TsQuery(query), NpgsqlDbType = NpgsqlDbType.TsQuery });
        command.Parameters.Add(new NpgsqlParameter { Value = offset });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = hitsPerChatroom });

        var found = new List<FoundChatroom>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        List<FoundHit>? hits = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var chatroomId = reader.GetString(0);
            if (found.Count == 0 || found[^1].ChatroomId != chatroomId)
            {
                found.Add(new FoundChatroom(chatroomId, (int)reader.GetInt64(1), hits = []));
            }

            hits!.Add(new FoundHit(
                reader.GetInt32(2),
                reader.GetInt16(3),
                reader.IsDBNull(4) ? null : (MessageRole)reader.GetInt16(4),
                new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero),
                reader.GetString(6)));
        }

        return found;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>
    /// PostgreSQL's cover density rank, normalized by the text's length (flag 1: divided by 1 + log of the number of
    /// words), weighted as <see cref="SearchRanking"/> says.
    /// </summary>
    private static string Rank(string table) => FormattableString.Invariant($"""
        ts_rank_cd({table}.document, $2, 1) * CASE
            WHEN {table}.sequence = {FoundHit.TitleSequence} THEN {SearchRanking.TitleWeight}
            WHEN {table}.version > 0 THEN {SearchRanking.VersionWeight}
            ELSE 1.0 END
        """);

    /// <summary>All terms must match; a term's words must follow each other.</summary>
    public static NpgsqlTsQuery TsQuery(SearchQuery query) =>
        query.Terms.Select(Phrase).Aggregate((left, right) => new NpgsqlTsQueryAnd(left, right));

    private static NpgsqlTsQuery Phrase(SearchTerm term) =>
        term.Words.Select((word, index) => (NpgsqlTsQuery)new NpgsqlTsQueryLexeme(
                word, NpgsqlTsQueryLexeme.Weight.None, isPrefixSearch: term.LastIsPrefix && index == term.Words.Count - 1))
            .Aggregate((left, right) => new NpgsqlTsQueryFollowedBy(left, 1, right));

    /// <summary>
    /// A <c>tsvector</c> in PostgreSQL's input syntax (<c>'word':1,4 'other':2</c>), each word quoted and escaped,
    /// so PostgreSQL stores exactly our words and positions without parsing the text again.
    /// </summary>
    public static string Document(string text)
    {
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var position = 0;
        foreach (var token in SearchText.Tokenize(text))
        {
            position = Math.Min(position + 1, MaxPosition);
            if (!positions.TryGetValue(token.Lexeme, out var list))
            {
                positions[token.Lexeme] = list = [];
            }

            if (list.Count < MaxPositionsPerWord && (list.Count == 0 || list[^1] != position))
            {
                list.Add(position);
            }
        }

        var document = new StringBuilder();
        foreach (var (lexeme, list) in positions)
        {
            document.Append(document.Length == 0 ? "'" : " '");
            foreach (var c in lexeme)
            {
                // Inside quotes, a quote and a backslash are written twice.
                document.Append(c is '\'' or '\\' ? [c, c] : [c]);
            }

            document.Append("':").AppendJoin(',', list);
        }

        return document.ToString();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
