using System.Net;
using System.Net.Http.Json;
using GeminiClone.Api.Auth;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>
/// Every route under <c>/admin</c>, as the running app maps them (so a route added later is covered without anyone
/// remembering to add it here): 401 without a token, 403 for a signed-in user who is no admin, for an admin's API
/// key and for a suspended account, and nothing for the dashboard's operator login.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed class AdminAccessTests(AdminFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task Every_admin_route_is_401_without_a_token_and_403_for_a_user_who_is_not_an_admin()
    {
        var routes = AdminRoutes();
        var (user, token) = await _api.NewSessionAsync();
        var operatorToken = await fixture.OperatorTokenAsync();
        var operatorKey = await NewApiKeyAsync(operatorToken);

        foreach (var (method, path) in routes.Select(r => (r.Method, r.Path.Replace("{userId}", user.Id))))
        {
            var anonymous = await _api.SendAsync(method, path, Body(method), token: null);
            var notAdmin = await _api.SendAsync(method, path, Body(method), token);
            var byKey = await _api.SendAsync(method, path, Body(method), operatorKey);
            var dashboard = await SendWithDashboardLoginAsync(method, path);

            await anonymous.ReadProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal(AuthorizationProblems.NotAnAdmin, (await notAdmin.ReadProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>());
            Assert.Equal(AuthorizationProblems.NotAnAdmin, (await byKey.ReadProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
        }

        // The operator's own token reaches every one of them (whatever each then answers).
        foreach (var (method, path) in routes.Select(r => (r.Method, r.Path.Replace("{userId}", user.Id))))
        {
            var answer = await _api.SendAsync(method, path, Body(method), operatorToken);
            Assert.True(answer.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {path}: {answer.StatusCode}");
        }

        await fixture.CreateApiClient().UnsuspendAsync(operatorToken, user.Id);
    }

    [Fact]
    public void The_admin_routes_found_are_the_ones_the_api_documents()
    {
        var routes = AdminRoutes().Select(r => $"{r.Method} {r.Path}").Order().ToList();

        Assert.Equal(
        [
            "GET /admin/audit", "GET /admin/feedback", "GET /admin/usage", "GET /admin/users", "GET /admin/users/{userId}",
            "POST /admin/users/{userId}/roles",
            "POST /admin/users/{userId}/suspend", "POST /admin/users/{userId}/unsuspend", "PUT /admin/users/{userId}/plan",
        ], routes);
    }

    /// <summary>The routes the app maps under /admin, with their route constraints taken out of the path.</summary>
    private List<(HttpMethod Method, string Path)> AdminRoutes() =>
    [
        .. fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Where(m => m != "HEAD")
                .Select(m => (new HttpMethod(m), System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, @"\{(\w+):[^}]*\}", "{$1}")))),
    ];

    /// <summary>A body that would pass every admin route's validation, so no 400 can hide a missing check.</summary>
    private static JsonContent? Body(HttpMethod method) => method == HttpMethod.Get
        ? null
        : JsonContent.Create(new { role = "admin", granted = false, reason = "checking access", tier = "Basic" });

    private async Task<string> NewApiKeyAsync(string token) =>
        (await (await _api.PostJsonAsync("/user/api-keys", new { name = "operator's script" }, token)).ReadJsonAsync(HttpStatusCode.Created))
            ["data"]!["key"]!.GetValue<string>();

    private async Task<HttpResponseMessage> SendWithDashboardLoginAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path) { Content = Body(method) };
        request.Headers.Authorization = AdminFixture.DashboardCredentials;
        return await _api.Http.SendAsync(request);
    }
}
