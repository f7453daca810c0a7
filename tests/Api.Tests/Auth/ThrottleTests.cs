using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>The original's environment name, to prove it reaches the option.</summary>
public sealed class ThrottledApiFactory() : ApiFactory([new("AUTH_RATE_LIMIT_PER_MINUTE", "3")]);

public sealed class ThrottleTests(ThrottledApiFactory factory) : IClassFixture<ThrottledApiFactory>
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task The_auth_endpoints_allow_a_few_requests_per_minute_per_address_then_answer_429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = ApiClient.NextMobileNumber() })).StatusCode);
        }

        var throttled = await _api.PostJsonAsync("/auth/signup", new { name = "Asha", mobileNumber = ApiClient.NextMobileNumber(), password = ApiClient.Password });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
        await throttled.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(throttled.Headers.GetValues("Retry-After").Single()), 1, 60);
    }

    [Fact]
    public async Task Authenticated_and_service_endpoints_are_not_throttled()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await _api.GetAsync("/user/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("/")).StatusCode);
        }
    }
}
