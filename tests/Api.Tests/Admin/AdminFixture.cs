using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GeminiClone.Api.Tests.Auth;
using GeminiClone.Api.Tests.Infrastructure;
using GeminiClone.Grains.Audit;
using GeminiClone.Grains.Interfaces.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>
/// The Api with Stripe's stand-in and the Gemini emulator (as <see cref="BillingFixture"/>), two numbers listed in
/// <c>ADMIN_MOBILE_NUMBERS</c> (the operator every test signs in as, and one a test signs up to see the grant),
/// passkeys, the dashboard's operator login, and OTP rules short enough to lock a number in three wrong codes.
/// </summary>
public sealed class AdminFixture : BillingFixture
{
    public const string DashboardUser = "operator";
    public const string DashboardPassword = "correct-operator-password";

    /// <summary>The first operator, as a person in India types it; listed in E.164 to show both forms are read alike.</summary>
    public string OperatorNumber { get; } = ApiClient.NextMobileNumber();

    /// <summary>Listed as typed; nobody signs it up until the test of the grant on sign-in does.</summary>
    public string ListedNumber { get; } = ApiClient.NextMobileNumber();

    private readonly Lazy<Task<string>> _operatorToken;

    public AdminFixture() => _operatorToken = new(SignInOperatorAsync);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("ADMIN_MOBILE_NUMBERS", $"+91{OperatorNumber}, {ListedNumber}"),
        new("WEBAUTHN_RP_ID", "localhost"),
        new("WEBAUTHN_ORIGINS", PasskeyApiFactory.Origin),
        new("DASHBOARD_USERNAME", DashboardUser),
        new("DASHBOARD_PASSWORD", DashboardPassword),
        new("Otp:ResendCooldown", "00:00:00"),
        new("Otp:LockoutThreshold", "3"),
    ];

    /// <summary>The operator's access token (signed up and in once per fixture).</summary>
    public Task<string> OperatorTokenAsync() => _operatorToken.Value;

    public async Task<string> OperatorIdAsync()
    {
        var me = await (await CreateApiClient().GetAsync("/user/me", await OperatorTokenAsync())).ReadJsonAsync(HttpStatusCode.OK);
        return me["data"]!["id"]!.GetValue<string>();
    }

    /// <summary>Every entry of the audit log as stored (the embedded mode's memory adapter), oldest first.</summary>
    public Task<IReadOnlyList<AuditRecord>> StoredAuditAsync() =>
        Factory.Services.GetRequiredService<IAuditLog>().ReadAsync(0, int.MaxValue);

    public static AuthenticationHeaderValue DashboardCredentials =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DashboardUser}:{DashboardPassword}")));

    private async Task<string> SignInOperatorAsync()
    {
        var api = CreateApiClient();
        await api.SignUpAsync(OperatorNumber, name: "First Operator");
        return await api.SignInAsync(OperatorNumber);
    }
}

[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminFixture>
{
    public const string Name = "admin";
}

/// <summary>The admin calls the tests make, as an operator's console would.</summary>
public static class AdminApi
{
    public static async Task<JsonNode> AdminUserAsync(this ApiClient api, string token, string userId) =>
        (await (await api.GetAsync($"/admin/users/{userId}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static Task<HttpResponseMessage> SuspendAsync(this ApiClient api, string token, string userId, string reason = "Spamming other users") =>
        api.PostJsonAsync($"/admin/users/{userId}/suspend", new { reason }, token);

    public static Task<HttpResponseMessage> UnsuspendAsync(this ApiClient api, string token, string userId) =>
        api.SendAsync(HttpMethod.Post, $"/admin/users/{userId}/unsuspend", null, token);

    public static Task<HttpResponseMessage> SetRoleAsync(this ApiClient api, string token, string userId, bool granted) =>
        api.PostJsonAsync($"/admin/users/{userId}/roles", new { role = "admin", granted }, token);

    public static Task<HttpResponseMessage> SetPlanAsync(this ApiClient api, string token, string userId, string tier, DateTimeOffset? until = null) =>
        api.SendAsync(HttpMethod.Put, $"/admin/users/{userId}/plan",
            System.Net.Http.Json.JsonContent.Create(until is null ? new { tier } : (object)new { tier, until }), token);

    public static async Task<JsonArray> AuditAsync(this ApiClient api, string token, long after = 0, int limit = 1000) =>
        (await (await api.GetAsync($"/admin/audit?after={after}&limit={limit}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["items"]!.AsArray();

    /// <summary>The signed-in user's tokens from a sign-in's answer: the access token and the refresh token.</summary>
    public static async Task<(string Token, string Refresh)> SignInWithRefreshAsync(this ApiClient api, string mobileNumber)
    {
        var otp = await api.SendOtpAsync(mobileNumber);
        var data = (await (await api.PostJsonAsync("/auth/verify-otp", new { mobileNumber, otp })).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        return (data["token"]!.GetValue<string>(), data["refreshToken"]!.GetValue<string>());
    }
}
