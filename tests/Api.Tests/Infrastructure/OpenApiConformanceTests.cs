using System.Net;
using System.Text;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>The handler that holds every API test's answers to the document catches what it is there to catch.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiConformanceTests(ApiFactory factory)
{
    private const string ValidMe =
        """{"success":true,"message":"User profile retrieved successfully","data":{"id":"u1","mobileNumber":"+919876543210","name":"Asha","tier":"Basic","createdAt":"2026-12-04T09:30:00Z","updatedAt":"2026-12-04T09:30:00Z"}}""";

    [Fact]
    public async Task An_answer_as_described_passes()
    {
        using var client = await ClientAnsweringAsync(HttpStatusCode.OK, ValidMe);

        using var response = await client.GetAsync("/user/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, """{"success":true,"message":"x","data":{"mobileNumber":"+919876543210"}}""", "application/json")]
    [InlineData(HttpStatusCode.OK, """{"success":true,"message":"x","data":{"id":7,"mobileNumber":"+919876543210","name":"A","tier":"Basic","createdAt":"2026-12-04T09:30:00Z","updatedAt":"2026-12-04T09:30:00Z"}}""", "application/json")]
    [InlineData((HttpStatusCode)418, """{"status":418}""", "application/problem+json")]
    [InlineData(HttpStatusCode.OK, ValidMe, "text/plain")]
    public async Task A_missing_field_a_wrong_type_an_unlisted_status_or_content_type_is_a_violation(HttpStatusCode status, string body, string contentType)
    {
        using var client = await ClientAnsweringAsync(status, body, contentType);

        var violation = await Assert.ThrowsAsync<OpenApiViolationException>(() => client.GetAsync("/user/me"));

        Assert.Contains("/user/me", violation.Message);
    }

    private async Task<HttpClient> ClientAnsweringAsync(HttpStatusCode status, string body, string contentType = "application/json")
    {
        var contract = await OpenApiContract.LoadAsync(factory.CreateClient());
        var handler = new OpenApiConformanceHandler(() => Task.FromResult(contract))
        {
            InnerHandler = new Canned(status, body, contentType),
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    private sealed class Canned(HttpStatusCode status, string body, string contentType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(body, Encoding.UTF8, contentType),
                RequestMessage = request,
            });
    }
}
