using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

/// <summary>What a turn does with thought summaries when nobody asked for them.</summary>
[Collection(ChatCollection.Name)]
public sealed class ThoughtSummaryTests(ChatFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Thought_summaries_nobody_asked_for_reach_neither_the_reply_the_stream_nor_the_history_and_signatures_still_go_back()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token);

        var plain = await (await _api.SendMessageAsync(token, id, "unasked [[unasked-thoughts]]")).ReadJsonAsync(HttpStatusCode.OK);
        using var stream = await _api.StreamAsync(token, id, "streamed [[unasked-thoughts]]");
        var events = await stream.ReadEventsAsync();
        var strict = await _api.ChatAsync(token, id, "and now check [[strict]]");

        Assert.Null(plain["reply"]!["thoughts"]);
        Assert.DoesNotContain(events, e => e.Data.ToJsonString().Contains("Thinking (", StringComparison.Ordinal));
        var history = (await _api.GetChatroomAsync(token, id)).ToJsonString();
        Assert.DoesNotContain("Thinking (", history);
        Assert.Equal("Reply #3: and now check [[strict]]", strict);
    }
}
