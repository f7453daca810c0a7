using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Chatrooms.Tree;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Persistence;
using GeminiClone.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GeminiClone.Grains.Tests.Persistence;

/// <summary>
/// Chatrooms stored before branches read as trees with nothing lost. <c>Stored/chatroom-state-before-branches.b64</c>
/// and <c>chat-page-before-branches.b64</c> were written by 8a99584's grain storage (a conversation of 102 messages, one
/// sealed page, whose last question was edited and last answer regenerated, so both carry versions) and are never
/// regenerated; <c>chatroom-state-with-branches.b64</c> is the first shape with a fork table.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BranchStateCompatibilityTests(ClusterFixture fixture)
{
    private const string Owner = "owner-1";

    private IServiceProvider Services => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services;

    private IGrainStorageSerializer Serializer => Services.GetRequiredService<IGrainStorageSerializer>();

    [Fact]
    public async Task A_linear_chatroom_with_versions_across_a_sealed_page_reads_as_a_tree_whose_versions_are_siblings()
    {
        var chatroom = await StoreBeforeBranchesAsync();

        var page = (await chatroom.GetPageAsync(Owner, before: null, limit: 500))!;

        Assert.Equal((102, 102, 0, false), (page.Messages.Count, page.PathLength, page.FirstSequence, page.HasOlder));
        Assert.Equal([.. Enumerable.Range(0, 102)], page.Places!.Select(p => p.Id));
        Assert.Equal([.. Enumerable.Range(-1, 102)], page.Places!.Select(p => p.ParentId));
        Assert.Equal(("Question 0", "Answer 49"), (page.Messages[0].Text, page.Messages[99].Text));
        // The edited question: its one stored version is its older sibling; the answer's two likewise.
        Assert.Equal((2, 2), (page.Places![100].SiblingIndex, page.Places[100].SiblingCount));
        Assert.Equal((3, 3), (page.Places![101].SiblingIndex, page.Places[101].SiblingCount));
        Assert.Equal(["Answer 50, regenerated", "Answer 50"], page.Messages[101].Versions!.Select(v => v.Text));
        Assert.Equal([LegacyVersions.IdOf(101, 0), LegacyVersions.IdOf(101, 1)], page.Places[101].VersionIds!);
        Assert.Equal((1, 1), (page.Places![50].SiblingIndex, page.Places[50].SiblingCount));
        var older = (await chatroom.GetPageAsync(Owner, before: 50, limit: 10))!;
        Assert.Equal([.. Enumerable.Range(40, 10)], older.Places!.Select(p => p.Id));
        Assert.Equal((40, true), (older.FirstSequence, older.HasOlder));
    }

    [Fact]
    public async Task Selecting_a_stored_version_makes_it_a_branch_of_its_own_and_leaves_the_stored_versions_as_they_are()
    {
        var chatroom = await StoreBeforeBranchesAsync();

        var selected = await chatroom.SelectAsync(Owner, LegacyVersions.IdOf(100, 0), limit: 500);

        var path = selected.Path!;
        Assert.Equal(BranchStatus.Done, selected.Status);
        // The question as first asked, with the answer it had when it was edited (the regenerated one).
        Assert.Equal([.. Enumerable.Range(0, 100), 102, 103], path.Places!.Select(p => p.Id));
        Assert.Equal(("Question 50", "Answer 50, regenerated"), (path.Messages[100].Text, path.Messages[101].Text));
        Assert.Equal((3, 3), (path.Places![100].SiblingIndex, path.Places[100].SiblingCount));
        Assert.Equal(99, path.Places[100].ParentId);
        var back = (await chatroom.SelectAsync(Owner, 100, limit: 500)).Path!;
        Assert.Equal(["Question 50"], back.Messages[100].Versions!.Where(v => v.Role == MessageRole.User).Select(v => v.Text).Distinct());
        Assert.Equal("Question 50, edited", back.Messages[100].Text);
        Assert.Equal(BranchStatus.MessageNotFound, (await chatroom.SelectAsync(Owner, LegacyVersions.IdOf(100, 5), 10)).Status);
    }

    [Fact]
    public void The_shape_with_branches_loads_with_its_fork_table_leaf_and_deleted_ranges()
    {
        var state = Load<ChatroomState>("chatroom-state-with-branches.b64");

        Assert.Equal([new MessageFork(4, 1), new MessageFork(6, 2)], state.Forks!);
        Assert.Equal((5, new MessageRange(6, 7)), (state.Leaf, Assert.Single(state.Removed!)));
        var tree = ChatroomView.Of("room", state).Tree;
        Assert.Equal([new IdRun(0, 2), new IdRun(4, 6)], tree.CurrentPath());
        Assert.Equal(("q1, edited", ""), (state.Recent[4].Text, state.Recent[6].Text));
    }

    /// <summary>The previous release's chatroom and its sealed page, put where a chatroom's activation reads them.</summary>
    private async Task<IChatroomGrain> StoreBeforeBranchesAsync()
    {
        var id = Guid.NewGuid().ToString();
        var chatroom = fixture.Grains.GetGrain<IChatroomGrain>(id);
        var storage = Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Chatrooms);
        await storage.WriteStateAsync(StorageNames.ChatroomState, chatroom.GetGrainId(),
            new GrainState<ChatroomState>(Load<ChatroomState>("chatroom-state-before-branches.b64")));
        await storage.WriteStateAsync("page", fixture.Grains.GetGrain<IChatPageGrain>(ChatPageGrain.Key(id, 0)).GetGrainId(),
            new GrainState<ChatPageState>(Load<ChatPageState>("chat-page-before-branches.b64")));
        return chatroom;
    }

    private T Load<T>(string name) =>
        Serializer.Deserialize<T>(new BinaryData(Convert.FromBase64String(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Persistence", "Stored", name)).Trim())))!;
}
