using GeminiClone.Grains.Chatrooms.Tree;

namespace GeminiClone.Grains.Tests.Chatrooms.Tree;

/// <summary>The tree over the log: parents, paths as runs, siblings, newest leaves and deleted branches.</summary>
public sealed class ConversationTreeTests
{
    // 0 q, 1 a, 2 q, 3 a | 4 q' (edit of 2: parent 1), 5 a' | 6 a'' (regenerate of 3: parent 2) | 7 q, 8 a (send after 3: parent 3)
    private static readonly MessageFork[] Forks = [new(4, 1), new(6, 2), new(7, 3)];

    [Fact]
    public void A_chatroom_without_forks_is_one_run_from_the_root_to_its_last_message()
    {
        var tree = new ConversationTree(10, null, null, null);

        Assert.True(tree.IsLinear);
        Assert.Equal(9, tree.Leaf);
        Assert.Equal([new IdRun(0, 10)], tree.CurrentPath());
        Assert.Equal((1, 1), tree.SiblingsOf(5));
        Assert.Equal(-1, tree.ParentOf(0));
        Assert.Equal(9, tree.NewestLeafUnder(0));
        Assert.Equal(-1, new ConversationTree(0, null, null, null).Leaf);
        Assert.Empty(new ConversationTree(0, null, null, null).CurrentPath());
    }

    [Fact]
    public void Parents_come_from_the_fork_table_else_the_message_before()
    {
        var tree = new ConversationTree(9, Forks, null, null);

        Assert.Equal([-1, 0, 1, 2, 1, 4, 2, 3, 7], Enumerable.Range(0, 9).Select(tree.ParentOf));
        Assert.Equal([2, 4], tree.ChildrenOf(1));
        Assert.Equal([3, 6], tree.ChildrenOf(2));
        Assert.Equal([7], tree.ChildrenOf(3));
        Assert.Equal([0], tree.ChildrenOf(-1));
    }

    [Fact]
    public void A_path_is_a_few_runs_of_consecutive_ids()
    {
        var tree = new ConversationTree(9, Forks, null, null);

        Assert.Equal(8, tree.Leaf);
        Assert.Equal([new IdRun(0, 4), new IdRun(7, 9)], tree.CurrentPath());
        Assert.Equal([new IdRun(0, 2), new IdRun(4, 6)], tree.PathTo(5));
        Assert.Equal([new IdRun(0, 3), new IdRun(6, 7)], tree.PathTo(6));
        Assert.Equal(6, ConversationTree.LengthOf(tree.CurrentPath()));
        Assert.Equal([new IdRun(3, 4), new IdRun(7, 9)], ConversationTree.Tail(tree.CurrentPath(), 3));
        Assert.Equal([new IdRun(0, 2)], ConversationTree.Head(tree.CurrentPath(), 2));
    }

    [Fact]
    public void Siblings_are_counted_and_placed_oldest_first()
    {
        var tree = new ConversationTree(9, Forks, 5, null);

        Assert.Equal((2, 2), tree.SiblingsOf(4));
        Assert.Equal((1, 2), tree.SiblingsOf(2));
        Assert.Equal((2, 2), tree.SiblingsOf(6));
        Assert.Equal((1, 1), tree.SiblingsOf(7));
        Assert.Equal(5, tree.Leaf);
    }

    [Fact]
    public void The_newest_leaf_under_a_message_is_the_largest_id_under_it()
    {
        var tree = new ConversationTree(9, Forks, null, null);

        Assert.Equal(8, tree.NewestLeafUnder(2));
        Assert.Equal(8, tree.NewestLeafUnder(3));
        Assert.Equal(5, tree.NewestLeafUnder(4));
        Assert.Equal(6, tree.NewestLeafUnder(6));
        Assert.Equal([new IdRun(2, 4), new IdRun(7, 9), new IdRun(6, 7)], tree.SubtreeOf(2).OrderBy(r => r.Start == 2 ? 0 : 1).ThenByDescending(r => r.Start));
    }

    [Fact]
    public void A_deleted_branch_is_gone_from_children_siblings_and_the_default_leaf()
    {
        var tree = new ConversationTree(9, Forks, null, null);
        var removed = tree.SubtreeOf(2).Select(r => new MessageRange(r.Start, r.End)).ToList();

        var after = new ConversationTree(9, Forks, 5, removed);

        Assert.Equal([4], after.ChildrenOf(1));
        Assert.Equal((1, 1), after.SiblingsOf(4));
        Assert.False(after.Exists(8));
        Assert.True(after.Exists(5));
        Assert.Equal(5, after.NewestLeafUnder(0));
        Assert.Equal(5, new ConversationTree(9, Forks, null, removed).Leaf);
        Assert.Equal(5, new ConversationTree(9, Forks, 8, removed).Leaf);
    }

    [Fact]
    public void Ten_thousand_messages_over_two_hundred_branches_read_a_path_in_runs_not_messages()
    {
        // Each branch: an edit of the second question, 50 messages long (25 turns).
        var forks = Enumerable.Range(1, 199).Select(b => new MessageFork(b * 50, 1)).ToList();
        var tree = new ConversationTree(10_000, forks, null, null);

        var path = tree.CurrentPath();

        Assert.Equal([new IdRun(0, 2), new IdRun(9950, 10_000)], path);
        Assert.Equal(200, tree.ChildrenOf(1).Count);
        Assert.Equal((200, 200), tree.SiblingsOf(9950));
        Assert.Equal(9_999, tree.NewestLeafUnder(0));
        Assert.Equal((1, 1), tree.SiblingsOf(9951));
    }
}
