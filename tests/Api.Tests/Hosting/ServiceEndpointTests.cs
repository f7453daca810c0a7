using System.Net;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Hosting;

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
    public async Task The_openapi_document_names_the_product_and_requires_the_bearer_scheme_exactly_where_endpoints_do()
    {
        var document = await (await _api.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("GeminiClone API", document["info"]!["title"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(document["info"]!["description"]!.GetValue<string>()));
        Assert.NotNull(document["info"]!["contact"]!["name"]);
        Assert.NotNull(document["info"]!["license"]!["name"]);
        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal(("http", "bearer", "JWT"), (scheme["type"]!.GetValue<string>(), scheme["scheme"]!.GetValue<string>(), scheme["bearerFormat"]!.GetValue<string>()));
        bool Secured(string path, string method) =>
            document["paths"]![path]![method]!["security"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } security && security[0]?["Bearer"] is not null;
        // An anonymous operation says so (security: []), as linters and generated clients need.
        bool Anonymous(string path, string method) =>
            document["paths"]![path]![method]!["security"] is System.Text.Json.Nodes.JsonArray { Count: 0 };
        Assert.True(Secured("/user/me", "get"));
        Assert.True(Secured("/chatroom/{id}/message", "post"));
        Assert.True(Secured("/models", "get"));
        Assert.False(Secured("/auth/signup", "post"));
        Assert.False(Secured("/auth/verify-otp", "post"));
        Assert.False(Secured("/webhook/stripe", "post"));
        Assert.True(Anonymous("/auth/signup", "post"));
        Assert.True(Anonymous("/webhook/stripe", "post"));
        var problem = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        Assert.Superset(new HashSet<string>(["type", "title", "status", "detail", "success", "message", "traceId"]), problem.Select(p => p.Key).ToHashSet());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/user/me")]
    [InlineData("/no/such/thing")]
    [InlineData("/chatroom/%20")]
    public async Task Every_response_carries_nosniff_and_no_server_header(string path)
    {
        var response = await _api.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Responses_that_carry_an_otp_or_a_token_are_never_stored()
    {
        var user = await _api.SignUpAsync();

        var otp = await _api.PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });
        var code = (await otp.ReadJsonAsync(HttpStatusCode.OK))["data"]!["otp"]!.GetValue<string>();
        var token = await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = code });
        var reset = await _api.PostJsonAsync("/auth/forgot-password", new { mobileNumber = user.MobileNumber });

        foreach (var response in new[] { otp, token, reset })
        {
            Assert.True(response.Headers.CacheControl!.NoStore, response.RequestMessage!.RequestUri!.ToString());
        }
    }

    [Fact]
    public async Task The_interactive_reference_page_is_served()
    {
        var response = await _api.GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString());
    }
}
