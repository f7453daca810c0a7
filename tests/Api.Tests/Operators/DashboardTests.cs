using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GeminiClone.Api.Tests.Infrastructure;

namespace GeminiClone.Api.Tests.Operators;

public sealed class DashboardApiFactory()
    : ApiFactory([new("DASHBOARD_USERNAME", "operator"), new("DASHBOARD_PASSWORD", "correct-operator-password")]);

public sealed class DashboardTests(DashboardApiFactory factory) : IClassFixture<DashboardApiFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task The_dashboard_asks_for_operator_credentials()
    {
        var response = await _http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("operator:wrong-password")]
    [InlineData("someone:correct-operator-password")]
    public async Task Wrong_operator_credentials_are_refused(string credentials)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsOperatorAsync("/dashboard/", credentials)).StatusCode);
    }

    [Fact]
    public async Task A_user_token_does_not_open_the_dashboard()
    {
        var api = factory.CreateApiClient();
        var (_, token) = await api.NewSessionAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/dashboard/", token)).StatusCode);
    }

    [Fact]
    public async Task An_operator_sees_the_dashboard_and_its_cluster_data()
    {
        var page = await GetAsOperatorAsync("/dashboard/", "operator:correct-operator-password");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.ToString());
    }

    private Task<HttpResponseMessage> GetAsOperatorAsync(string path, string credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return _http.SendAsync(request);
    }
}
