using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Shares;

/// <summary>No public base configured, and three anonymous reads a minute per address.</summary>
public sealed class ShareThrottleFactory() : ApiFactory([new("Shares:ReadsPerMinute", "3")]);

public sealed class ShareThrottleTests(ShareThrottleFactory factory) : IClassFixture<ShareThrottleFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task Without_a_public_base_a_link_points_at_the_address_the_request_came_to()
    {
        var (_, token) = await _api.NewSessionAsync();

        var share = await _api.ShareAsync(token, await _api.CreateChatroomAsync(token));

        Assert.Equal(new Uri(_api.Http.BaseAddress!, $"/shared/{share.Id()}").AbsoluteUri, share["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Anonymous_reads_are_throttled_per_address_while_the_owners_routes_are_not()
    {
        var (_, token) = await _api.NewSessionAsync();
        var room = await _api.CreateChatroomAsync(token, "popular");
        var share = await _api.ShareAsync(token, room);

        var reads = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            reads.Add((await _api.ReadSharedAsync(share.Id())).StatusCode);
        }

        using var throttled = await _api.ReadSharedAsync(share.Id());

        Assert.All(reads, status => Assert.Equal(HttpStatusCode.OK, status));
        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(throttled.Headers.GetValues("Retry-After").Single()), 1, 60);
        for (var i = 0; i < 5; i++)
        {
            await (await _api.GetAsync($"/chatroom/{room}/shares", token)).ReadJsonAsync(HttpStatusCode.OK);
        }
    }
}
