using System.Net;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Users;

/// <summary>GET /user/export: everything we hold about the caller, and nothing of anyone else's or any secret.</summary>
public sealed class ExportTests(LongChatFixture fixture) : IClassFixture<LongChatFixture>
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_500_message_chatroom_exports_whole_in_order_with_versions_and_without_secrets()
    {
        var (user, token) = await _api.NewSessionAsync();
        var (_, stranger) = await _api.NewSessionAsync();
        var big = await _api.CreateChatroomAsync(token, "big");
        var small = await _api.CreateChatroomAsync(token, "small");
        var theirs = await _api.CreateChatroomAsync(stranger, "not yours");
        await _api.ChatAsync(stranger, theirs, "a stranger's secret");
        for (var i = 0; i < 250; i++)
        {
            await _api.ChatAsync(token, big, $"question {i}");
        }

        await _api.ChatAsync(token, small, "regenerate me");
        await (await _api.RegenerateAsync(token, small)).ReadJsonAsync(HttpStatusCode.OK);

        using var response = await _api.GetAsync("/user/export", token);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var export = JsonNode.Parse(text)!;
        Assert.Equal(user.Id, export["user"]!["id"]!.GetValue<string>());
        Assert.Equal(252, export["subscription"]!["usage"]!["used"]!.GetValue<int>());
        var chatrooms = export["chatrooms"]!.AsArray();
        Assert.Equal(["small", "big"], chatrooms.Select(c => c!["title"]!.GetValue<string>()));
        var messages = chatrooms.Single(c => c!["title"]!.GetValue<string>() == "big")!["messages"]!.AsArray();
        Assert.Equal(500, messages.Count);
        Assert.Equal([.. Enumerable.Range(0, 250).Select(i => $"question {i}")],
            messages.Where((_, i) => i % 2 == 0).Select(m => m!["text"]!.GetValue<string>()));
        Assert.Equal([.. Enumerable.Range(0, 500)], messages.Select(m => m!["id"]!.GetValue<int>()));
        // The regenerate made a branch: both answers, each naming its question, and the current leaf.
        var regenerated = chatrooms.Single(c => c!["title"]!.GetValue<string>() == "small")!;
        Assert.Equal([null, 0, 0], regenerated["messages"]!.AsArray().Select(m => m!["parentId"]?.GetValue<int>()));
        Assert.Equal(2, regenerated["leafId"]!.GetValue<int>());
        Assert.Equal(499, chatrooms.Single(c => c!["title"]!.GetValue<string>() == "big")!["leafId"]!.GetValue<int>());
        Assert.Single(export["sessions"]!.AsArray());
        Assert.DoesNotContain("a stranger's secret", text);
        Assert.DoesNotContain("passwordHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("refresh", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(user.Password, text);
    }

    [Fact]
    public async Task The_export_needs_a_token()
    {
        await (await _api.GetAsync("/user/export")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }
}
