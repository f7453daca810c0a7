using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// What a turn computes from a chatroom's tree before it asks Gemini, as the number of branches grows: the tree from
/// the header's fork table, the current path, the history window over the path's last messages, and the sibling
/// counts of those messages (what GET shows beside them). Messages are read from memory here; in the grain the path's
/// messages come from the recent window and the sealed pages the path runs through (issue 25).
/// </summary>
[ShortRunJob, MemoryDiagnoser]
public class BranchPathBenchmarks
{
    private const int Messages = 10_000;

    /// <summary><c>linear-10000</c>, <c>branched-10000x200</c> (200 branches of 50 messages, each an edit of the second
    /// question), or <c>linear-52</c> (a linear chatroom as long as the branched one's current path).</summary>
    [Params("linear-10000", "branched-10000x200", "linear-52")]
    public string Shape { get; set; } = "";

    private StoredMessage[] _log = [];
    private List<MessageFork>? _forks;

    [GlobalSetup]
    public void Setup()
    {
        var count = Shape == "linear-52" ? 52 : Messages;
        _log = [.. Enumerable.Range(0, count).Select(i => new StoredMessage(
            i % 2 == 0 ? MessageRole.User : MessageRole.AI, $"message {i} with a few words of text in it", DateTimeOffset.UnixEpoch)
            { Usage = i % 2 == 0 ? null : new TokenUsage(10, 12, 22) })];
        _forks = Shape == "branched-10000x200" ? [.. Enumerable.Range(1, 199).Select(b => new MessageFork(b * 50, 1))] : null;
    }

    /// <summary>One turn's tree work: build, path, the last page of it, its history window and its sibling counts.</summary>
    [Benchmark]
    public int TurnOnTheCurrentPath()
    {
        var tree = new ConversationTree(_log.Length, _forks, leaf: null, removed: null);
        var tail = ConversationTree.Tail(tree.CurrentPath(), TurnPlan.Reach);
        var history = new List<StoredMessage>(TurnPlan.Reach);
        var siblings = 0;
        foreach (var run in tail)
        {
            for (var id = run.Start; id < run.End; id++)
            {
                history.Add(_log[id]);
                siblings += tree.SiblingsOf(id).Count;
            }
        }

        return HistoryWindow.Start(history, maxMessages: 40, maxTokens: 32_000) + siblings;
    }
}
