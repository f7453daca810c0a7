namespace GeminiClone.Grains.Chatrooms.Tree;

/// <summary>
/// A chatroom's conversation as a tree over its append-only log. A message's id is its log position; its parent is
/// the message before it unless the fork table says otherwise, so a linear chatroom has an empty table and every
/// question here costs in the number of branches, never in the number of messages: a path is a few runs of
/// consecutive ids, found by walking from fork to fork.
/// </summary>
/// <remarks>
/// Children always come after their parent in the log, so the newest leaf under a message is the largest id under it,
/// and a deleted branch (a message and everything under it) is a set of runs closed under "child of".
/// </remarks>
public sealed class ConversationTree
{
    private readonly int[] _forkIds;
    private readonly int[] _forkParents;
    /// <summary>Fork children sorted by parent, then id: the forks under a run of ids are one slice.</summary>
    private readonly (int Parent, int Id)[] _byParent;
    private readonly MessageRange[] _removed;

    public ConversationTree(int count, IReadOnlyList<MessageFork>? forks, int? leaf, IReadOnlyList<MessageRange>? removed)
    {
        Count = count;
        var sorted = (forks ?? []).OrderBy(f => f.MessageId).ToArray();
        _forkIds = [.. sorted.Select(f => f.MessageId)];
        _forkParents = [.. sorted.Select(f => f.ParentId)];
        _byParent = [.. sorted.Select(f => (f.ParentId, f.MessageId)).Order()];
        _removed = [.. (removed ?? []).OrderBy(r => r.Start)];
        Leaf = leaf is { } chosen && Exists(chosen) ? chosen : LastPresent();
    }

    /// <summary>How many messages the log holds (deleted ones included: their positions are never reused).</summary>
    public int Count { get; }

    /// <summary>The end of the current path; -1 when the chatroom has no message.</summary>
    public int Leaf { get; }

    public bool IsLinear => _forkIds.Length == 0 && _removed.Length == 0;

    public bool Exists(int id) => id >= 0 && id < Count && !IsRemoved(id);

    public bool IsRemoved(int id)
    {
        var i = Array.BinarySearch(_removed, new MessageRange(id, int.MaxValue), RangeStartComparer.Instance);
        i = i >= 0 ? i : ~i - 1;
        return i >= 0 && id < _removed[i].End;
    }

    public int ParentOf(int id) => Array.BinarySearch(_forkIds, id) is var i and >= 0 ? _forkParents[i] : id - 1;

    /// <summary>The path from the root to <paramref name="id"/> (inclusive) as runs of consecutive ids, root first; empty for -1.</summary>
    public List<IdRun> PathTo(int id)
    {
        var runs = new List<IdRun>();
        for (var at = id; at >= 0;)
        {
            var i = Array.BinarySearch(_forkIds, at);
            i = i >= 0 ? i : ~i - 1;
            var start = i >= 0 ? _forkIds[i] : 0;
            runs.Add(new IdRun(start, at + 1));
            at = i >= 0 ? _forkParents[i] : -1;
        }

        runs.Reverse();
        return runs;
    }

    /// <summary>The last <paramref name="count"/> ids of <paramref name="path"/>, as runs.</summary>
    public static List<IdRun> Tail(IReadOnlyList<IdRun> path, int count)
    {
        var tail = new List<IdRun>();
        for (var i = path.Count - 1; i >= 0 && count > 0; i--)
        {
            var run = path[i];
            var taken = Math.Min(count, run.Length);
            tail.Add(new IdRun(run.End - taken, run.End));
            count -= taken;
        }

        tail.Reverse();
        return tail;
    }

    /// <summary>The first <paramref name="count"/> ids of <paramref name="path"/>, as runs.</summary>
    public static List<IdRun> Head(IReadOnlyList<IdRun> path, int count)
    {
        var head = new List<IdRun>();
        foreach (var run in path)
        {
            if (count <= 0)
            {
                break;
            }

            var taken = Math.Min(count, run.Length);
            head.Add(new IdRun(run.Start, run.Start + taken));
            count -= taken;
        }

        return head;
    }

    /// <summary>How many messages <paramref name="path"/> holds.</summary>
    public static int LengthOf(IReadOnlyList<IdRun> path) => path.Sum(run => run.Length);

    /// <summary>The current path: root to <see cref="Leaf"/>.</summary>
    public List<IdRun> CurrentPath() => PathTo(Leaf);

    /// <summary>Children of <paramref name="parent"/> (-1: the root's), oldest first.</summary>
    public List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        var next = parent + 1;
        if (next < Count && Array.BinarySearch(_forkIds, next) < 0 && !IsRemoved(next))
        {
            children.Add(next);
        }

        for (var i = FirstByParent(parent); i < _byParent.Length && _byParent[i].Parent == parent; i++)
        {
            if (!IsRemoved(_byParent[i].Id))
            {
                children.Add(_byParent[i].Id);
            }
        }

        return children;
    }

    /// <summary>Where <paramref name="id"/> stands among its parent's children (1-based) and how many there are.</summary>
    public (int Index, int Count) SiblingsOf(int id)
    {
        var siblings = ChildrenOf(ParentOf(id));
        return (siblings.IndexOf(id) + 1, siblings.Count);
    }

    /// <summary>The newest leaf under <paramref name="id"/> (itself when it has no children): the largest id under it.</summary>
    public int NewestLeafUnder(int id) => SubtreeOf(id).Max(run => run.End) - 1;

    /// <summary><paramref name="id"/> and everything under it, as runs of consecutive ids.</summary>
    public List<IdRun> SubtreeOf(int id)
    {
        var runs = new List<IdRun>();
        var pending = new Stack<int>([id]);
        while (pending.TryPop(out var start))
        {
            var end = RunEnd(start);
            runs.Add(new IdRun(start, end));
            for (var i = FirstByParent(start); i < _byParent.Length && _byParent[i].Parent < end; i++)
            {
                if (!IsRemoved(_byParent[i].Id))
                {
                    pending.Push(_byParent[i].Id);
                }
            }
        }

        return runs;
    }

    /// <summary>The end (exclusive) of the chain of only children that starts at <paramref name="start"/>: the next fork or deleted id.</summary>
    private int RunEnd(int start)
    {
        var i = Array.BinarySearch(_forkIds, start + 1);
        var end = i >= 0 ? start + 1 : ~i < _forkIds.Length ? _forkIds[~i] : Count;
        var r = Array.BinarySearch(_removed, new MessageRange(start + 1, int.MinValue), RangeStartComparer.Instance);
        r = r >= 0 ? r : ~r;
        return r < _removed.Length ? Math.Min(end, _removed[r].Start) : end;
    }

    private int FirstByParent(int parent)
    {
        int low = 0, high = _byParent.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_byParent[mid].Parent < parent)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private int LastPresent()
    {
        var last = Count - 1;
        while (last >= 0 && IsRemoved(last))
        {
            last--;
        }

        return last;
    }

    private sealed class RangeStartComparer : IComparer<MessageRange>
    {
        public static readonly RangeStartComparer Instance = new();

        public int Compare(MessageRange? x, MessageRange? y) => x!.Start.CompareTo(y!.Start);
    }
}

/// <summary>Consecutive message ids [<paramref name="Start"/>, <paramref name="End"/>).</summary>
public readonly record struct IdRun(int Start, int End)
{
    public int Length => End - Start;
}
