using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;

using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Users;

/// <summary>The daily allowance for attachments, kept by the user beside the message quota, and the plan's largest file.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UploadAllowanceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_file_larger_than_the_plan_takes_counts_nothing_and_a_released_upload_is_given_back()
    {
        var user = await fixture.NewUserAsync();
        var before = await user.GetUploadAllowanceAsync();

        var tooLarge = await user.ReserveUploadAsync(before.MaxFileBytes + 1);
        var granted = await user.ReserveUploadAsync(1000);
        await user.ReleaseUploadAsync(1000);

        Assert.Equal((false, true), (tooLarge.Granted, tooLarge.TooLarge));
        Assert.Equal((true, before.RemainingBytes - 1000), (granted.Granted, granted.RemainingBytes));
        Assert.Equal(before.RemainingBytes, (await user.GetUploadAllowanceAsync()).RemainingBytes);
    }

    [Fact]
    public async Task Uploads_beyond_what_is_left_today_are_refused_and_a_chatroom_of_someone_else_reserves_nothing()
    {
        var user = await fixture.NewUserAsync();
        var allowance = await user.GetUploadAllowanceAsync();
        var file = allowance.MaxFileBytes;
        for (var left = allowance.RemainingBytes; left >= file; left -= file)
        {
            Assert.True((await user.ReserveUploadAsync(file)).Granted);
        }

        var over = await user.ReserveUploadAsync(file);
        var elsewhere = await fixture.Grains.GetGrain<IChatroomGrain>(Guid.NewGuid().ToString("N"))
            .ReserveAttachmentUploadAsync(user.GetPrimaryKeyString(), 1);

        Assert.Equal((false, false), (over.Granted, over.TooLarge));
        Assert.Equal((AttachmentAddStatus.NotFound, null), (elsewhere.Status, elsewhere.Allowance));
    }
}
