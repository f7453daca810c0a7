using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Tests.Hosting;

public sealed class StartupTests
{
    [Theory]
    [InlineData("")]
    [InlineData("too-short-secret")]
    public async Task Outside_development_a_missing_or_short_jwt_secret_stops_start_up_with_a_clear_message(string secret)
    {
        await using var factory = new ApiFactory([new("Jwt:Secret", secret)], environment: "Production");

        var error = Assert.ThrowsAny<OptionsValidationException>(factory.StartServer);

        Assert.Contains("JWT_SECRET", error.Message);
    }

    [Fact]
    public async Task In_development_a_missing_secret_is_generated_and_the_api_works()
    {
        await using var factory = new ApiFactory([new("Jwt:Secret", "")], environment: "Development");
        await factory.InitializeAsync();
        var api = factory.CreateApiClient();

        var (_, token) = await api.NewSessionAsync();

        await (await api.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_reference_can_be_switched_off_by_configuration()
    {
        await using var factory = new ApiFactory([new("OpenApi:Enabled", "false")]);
        await factory.InitializeAsync();
        var api = factory.CreateApiClient();

        await (await api.GetAsync("/openapi/v1.json")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await api.GetAsync("/scalar/")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health/live")).StatusCode);
    }
}
