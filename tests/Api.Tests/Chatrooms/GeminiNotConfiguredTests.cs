using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Chatrooms;

[Collection(ApiCollection.Name)]
public sealed class GeminiNotConfiguredTests(ApiFactory factory)
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task Without_a_gemini_key_chat_is_503_and_everything_else_works()
    {
        var (_, token) = await _api.NewSessionAsync();
        var id = await _api.CreateChatroomAsync(token, "still works");

        var problem = await (await _api.SendMessageAsync(token, id, "hello")).ReadProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("Gemini is not configured.", problem.Message());
        Assert.Equal("still works", (await _api.GetChatroomAsync(token, id))["title"]!.GetValue<string>());
        var status = await (await _api.GetAsync("/subscription/status", token)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, status["data"]!["usage"]!["used"]!.GetValue<int>());
    }
}
