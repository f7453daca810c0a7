using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.Grains.Adapters.InMemory;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Search;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Search;

/// <summary>
/// What both search indexes promise, run against each: the embedded mode's memory index and PostgreSQL (a fresh
/// database with the real migrations), so the two modes cannot drift apart.
/// </summary>
public abstract class SearchIndexContract
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IChatSearchIndex> IndexAsync();

    [Fact]
    public async Task A_word_finds_its_message_with_position_and_role()
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-a", "Trip planning", "What should I pack for Lisbon?", "Bring a light jacket and good shoes.");

        var found = await FindAsync(index, "ann", "jacket");

        var room = Assert.Single(found);
        Assert.Equal("room-a", room.ChatroomId);
        var hit = Assert.Single(room.Hits);
        Assert.Equal((1, 0, MessageRole.AI), (hit.Sequence, hit.Version, hit.Role));
        Assert.Equal("Bring a light jacket and good shoes.", hit.Text);
    }

    [Theory]
    [InlineData("नमस्ते दुनिया, आज मौसम अच्छा है", "दुनिया")]
    [InlineData("Le café est fermé le dimanche", "cafe")]
    [InlineData("Le cafe est ferme le dimanche", "CAFÉ")]
    [InlineData("Launch day 🚀 went well", "🚀")]
    [InlineData("私は東京に住んでいます", "東京")]
    [InlineData("Ｆｕｌｌ　ｗｉｄｔｈ letters", "full")]
    [InlineData("Straße und Grüße", "grusse")]
    public async Task Words_of_every_script_are_found(string message, string query)
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-u", "Unicode", message, "ok");
        await WriteAsync(index, "ann", "room-other", "Other", "nothing to see", "here either");

        var found = await FindAsync(index, "ann", query);

        Assert.Equal("room-u", Assert.Single(found).ChatroomId);
    }

    [Theory]
    [InlineData("'); DROP TABLE chat_search; --")]
    [InlineData("jacket & !shoes | (x) <-> y:* \\' \"")]
    [InlineData("\\\\ '' ::tsquery")]
    [InlineData("%_*?[]{}")]
    public async Task Query_syntax_in_a_query_is_only_text(string query)
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-a", "Trip", "Bring a light jacket", "and shoes");

        var parsed = SearchQuery.Parse(query);
        var found = parsed.IsEmpty ? [] : await index.FindAsync("ann", parsed, 0, 10, 3);

        // Whatever the words, nothing else happened: the index still answers a plain search.
        Assert.DoesNotContain(found, room => room.ChatroomId != "room-a");
        Assert.Single(await FindAsync(index, "ann", "jacket"));
    }

    [Fact]
    public async Task Another_users_chatrooms_are_never_found()
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-a", "Secret plans", "my password hint is tulip", "noted");
        await WriteAsync(index, "bob", "room-b", "Bob's", "tulip bulbs", "plant in autumn");

        var found = await FindAsync(index, "bob", "tulip");

        Assert.Equal("room-b", Assert.Single(found).ChatroomId);
        Assert.Empty(await FindAsync(index, "bob", "secret"));
        Assert.Empty(await FindAsync(index, "carol", "tulip"));
    }

    [Fact]
    public async Task Every_term_must_match_and_quotes_ask_for_a_phrase()
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-1", "One", "the quick brown fox", "yes");
        await WriteAsync(index, "ann", "room-2", "Two", "a brown and quick dog", "no");

        Assert.Equal(2, (await FindAsync(index, "ann", "quick brown ")).Count);
        Assert.Equal("room-1", Assert.Single(await FindAsync(index, "ann", "\"quick brown\"")).ChatroomId);
        Assert.Equal("room-2", Assert.Single(await FindAsync(index, "ann", "quick dog ")).ChatroomId);
    }

    [Fact]
    public async Task The_last_word_matches_as_a_prefix_while_the_user_types()
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-1", "One", "photosynthesis explained", "sure");

        Assert.Single(await FindAsync(index, "ann", "photosyn"));
        Assert.Empty(await FindAsync(index, "ann", "photosyn "));
        Assert.Empty(await FindAsync(index, "ann", "synthesis"));
    }

    [Fact]
    public async Task A_title_match_ranks_above_a_message_match()
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-mention", "Groceries", "also ask about the budget", "ok");
        await WriteAsync(index, "ann", "room-title", "Budget", "numbers for next year", "ok");

        var found = await FindAsync(index, "ann", "budget");

        Assert.Equal(["room-title", "room-mention"], found.Select(f => f.ChatroomId));
        Assert.Equal(FoundHit.TitleSequence, found[0].Hits[0].Sequence);
        Assert.Null(found[0].Hits[0].Role);
    }

    [Fact]
    public async Task Earlier_versions_are_found_and_rewriting_a_message_replaces_them()
    {
        var index = await IndexAsync();
        var first = new StoredMessage(MessageRole.AI, "Answer about volcanoes", Start);
        var second = first.ReplacedBy(new StoredMessage(MessageRole.AI, "Answer about glaciers", Start.AddMinutes(1)));
        var room = new SearchableChatroom("room-v", "ann", "Geo", Start);
        await index.WriteAsync(room, [new SearchableMessage(1, second)]);

        var hit = Assert.Single(Assert.Single(await FindAsync(index, "ann", "volcanoes")).Hits);
        Assert.Equal((1, 1), (hit.Sequence, hit.Version));
        Assert.Equal(0, Assert.Single(Assert.Single(await FindAsync(index, "ann", "glaciers")).Hits).Version);

        await index.WriteAsync(room, [new SearchableMessage(1, new StoredMessage(MessageRole.AI, "Answer about deserts", Start))]);
        Assert.Empty(await FindAsync(index, "ann", "volcanoes"));
        Assert.Empty(await FindAsync(index, "ann", "glaciers"));
        Assert.Single(await FindAsync(index, "ann", "deserts"));
    }

    [Fact]
    public async Task A_write_past_the_indexed_count_writes_over_what_a_write_whose_count_was_lost_left()
    {
        var index = await IndexAsync();
        var first = new StoredMessage(MessageRole.AI, "Answer about volcanoes", Start);
        await index.WriteAsync(new SearchableChatroom("room-l", "ann", "Rocks", Start), [new SearchableMessage(1, first)], unindexedFrom: 0);

        // The count was not stored, so the next write starts there again: the message since replaced, the title renamed.
        var second = first.ReplacedBy(new StoredMessage(MessageRole.AI, "Answer about glaciers", Start.AddMinutes(1)));
        await index.WriteAsync(new SearchableChatroom("room-l", "ann", "Ice", Start.AddMinutes(1)), [new SearchableMessage(1, second)], unindexedFrom: 0);

        var volcanoes = Assert.Single(Assert.Single(await FindAsync(index, "ann", "volcanoes")).Hits);
        Assert.Equal((1, 1), (volcanoes.Sequence, volcanoes.Version));
        var glaciers = Assert.Single(await FindAsync(index, "ann", "glaciers"));
        Assert.Equal((1, 1, 0), (glaciers.Matches, Assert.Single(glaciers.Hits).Sequence, glaciers.Hits[0].Version));
        Assert.Empty(await FindAsync(index, "ann", "rocks"));
        Assert.Equal(FoundHit.TitleSequence, Assert.Single(Assert.Single(await FindAsync(index, "ann", "ice")).Hits).Sequence);
    }

    [Fact]
    public async Task A_write_replaces_the_positions_before_the_indexed_count_whole_and_adds_those_after()
    {
        var index = await IndexAsync();
        var first = new StoredMessage(MessageRole.User, "Ask about volcanoes", Start);
        var room = new SearchableChatroom("room-c", "ann", "Geo", Start);
        await index.WriteAsync(room, [new SearchableMessage(0, first.ReplacedBy(new StoredMessage(MessageRole.User, "Ask about glaciers", Start)))]);

        await index.WriteAsync(room,
            [
                new SearchableMessage(0, new StoredMessage(MessageRole.User, "Ask about deserts", Start)),
                new SearchableMessage(1, new StoredMessage(MessageRole.AI, "Oceans instead", Start)),
            ],
            unindexedFrom: 1);

        Assert.Empty(await FindAsync(index, "ann", "volcanoes"));
        Assert.Empty(await FindAsync(index, "ann", "glaciers"));
        Assert.Equal(0, Assert.Single(Assert.Single(await FindAsync(index, "ann", "deserts")).Hits).Sequence);
        Assert.Equal(1, Assert.Single(Assert.Single(await FindAsync(index, "ann", "oceans")).Hits).Sequence);
    }

    [Fact]
    public async Task A_message_holding_a_nul_is_indexed_and_found()
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-n", "Nul\0title", "before\0after", "ok");

        Assert.Equal(0, Assert.Single(Assert.Single(await FindAsync(index, "ann", "after")).Hits).Sequence);
        Assert.Single(await FindAsync(index, "ann", "title"));
    }

    [Fact]
    public async Task Removing_a_chatroom_or_an_owner_removes_their_rows()
    {
        var index = await IndexAsync();
        await WriteAsync(index, "ann", "room-1", "Keep", "marmalade recipe", "oranges");
        await WriteAsync(index, "ann", "room-2", "Drop", "marmalade jars", "glass");
        await WriteAsync(index, "bob", "room-3", "Bob", "marmalade too", "sure");

        await index.RemoveChatroomAsync("room-2");
        Assert.Equal("room-1", Assert.Single(await FindAsync(index, "ann", "marmalade")).ChatroomId);

        await index.RemoveOwnerAsync("ann");
        Assert.Empty(await FindAsync(index, "ann", "marmalade"));
        Assert.Single(await FindAsync(index, "bob", "marmalade"));
    }

    [Fact]
    public async Task Pages_cover_every_match_once_and_chatrooms_carry_their_best_hits()
    {
        var index = await IndexAsync();
        for (var room = 0; room < 7; room++)
        {
            var messages = Enumerable.Range(0, 6)
                .Select(i => new SearchableMessage(i, new StoredMessage(i % 2 == 0 ? MessageRole.User : MessageRole.AI, $"kiwi note {room}-{i}", Start.AddMinutes(room))))
                .ToList();
            await index.WriteAsync(new SearchableChatroom($"room-{room}", "ann", $"Room {room}", Start.AddMinutes(room)), messages);
        }

        var query = SearchQuery.Parse("kiwi ");
        var pages = new List<FoundChatroom>();
        for (var offset = 0; offset < 10; offset += 3)
        {
            pages.AddRange(await index.FindAsync("ann", query, offset, 3, 2));
        }

        Assert.Equal(7, pages.Select(p => p.ChatroomId).Distinct().Count());
        Assert.Equal(7, pages.Count);
        Assert.All(pages, room => Assert.Equal((6, 2), (room.Matches, room.Hits.Count)));
        // Equal ranks: the latest activity first.
        Assert.Equal("room-6", pages[0].ChatroomId);
    }

    private static Task WriteAsync(IChatSearchIndex index, string owner, string chatroomId, string title, string question, string answer) =>
        index.WriteAsync(new SearchableChatroom(chatroomId, owner, title, Start),
        [
            new SearchableMessage(0, new StoredMessage(MessageRole.User, question, Start)),
            new SearchableMessage(1, new StoredMessage(MessageRole.AI, answer, Start.AddSeconds(2))),
        ]);

    private static async Task<IReadOnlyList<FoundChatroom>> FindAsync(IChatSearchIndex index, string owner, string query) =>
        await index.FindAsync(owner, SearchQuery.Parse(query), 0, 20, 3);
}

public sealed class MemorySearchIndexTests : SearchIndexContract
{
    protected override Task<IChatSearchIndex> IndexAsync() => Task.FromResult<IChatSearchIndex>(new MemoryChatSearchIndex());
}

/// <summary>On a fresh database of each test's own, in parallel with the other tests that start no process (ClusterCollection.cs).</summary>
public sealed class PostgresSearchIndexTests : SearchIndexContract, IAsyncLifetime
{
    private readonly List<PostgresChatSearchIndex> _indexes = [];

    protected override async Task<IChatSearchIndex> IndexAsync()
    {
        var database = await TestServers.CreateMigratedDatabaseAsync();
        var index = new PostgresChatSearchIndex(database);
        _indexes.Add(index);
        return index;
    }

    [Fact]
    public async Task The_table_keeps_our_words_not_postgres_own_parse()
    {
        var database = await TestServers.CreateMigratedDatabaseAsync();
        await using var index = new PostgresChatSearchIndex(database);
        await index.WriteAsync(new SearchableChatroom("room-h", "ann", "हिन्दी", DateTimeOffset.UnixEpoch),
            [new SearchableMessage(0, new StoredMessage(MessageRole.User, "किताब पढ़िए O'Brien", DateTimeOffset.UnixEpoch))]);

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT tsvector_to_array(document) FROM chat_search WHERE sequence = 0", connection);
        var lexemes = (string[])(await read.ExecuteScalarAsync())!;

        // Whole Hindi words (PostgreSQL's parser may split them at vowel signs, depending on the locale).
        Assert.Equal(
            new[] { "brien", "o", SearchText.Normalize("किताब"), SearchText.Normalize("पढ़िए") }.Order(StringComparer.Ordinal),
            lexemes.Order(StringComparer.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var index in _indexes)
        {
            await index.DisposeAsync();
        }
    }
}
