using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ServiceEndpointTests(ApiFactory factory)
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task The_root_greets_like_the_original()
    {
        var response = await _api.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello! This is the Gemini Backend Clone.", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_probes_report_healthy(string path)
    {
        var response = await _api.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        var document = await (await _api.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(
            new HashSet<string>(["/auth/signup", "/auth/send-otp", "/auth/verify-otp", "/auth/forgot-password", "/auth/reset-password",
                "/auth/change-password", "/user/me", "/chatroom", "/chatroom/{id}", "/chatroom/{id}/message", "/subscription/status"]),
            paths);
        Assert.NotNull(document["paths"]!["/auth/send-otp"]!["post"]!["responses"]!["429"]);
    }

    [Fact]
    public async Task The_interactive_reference_page_is_served()
    {
        var response = await _api.GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }
}
