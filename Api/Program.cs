using System.Globalization;
using GeminiClone.Api.Adapters.Twilio;
using GeminiClone.Api.Admin;
using GeminiClone.Api.Auth;
using GeminiClone.Api.Billing;
using GeminiClone.Api.Chatrooms;
using GeminiClone.Api.Folders;
using GeminiClone.Api.GeminiModels;
using GeminiClone.Api.Hosting;
using GeminiClone.Api.Operators;
using GeminiClone.Api.Preferences;
using GeminiClone.Api.Problems;
using GeminiClone.Api.Shares;
using GeminiClone.Api.Users;
using GeminiClone.Grains.Hosting;
using Orleans.Dashboard;

// ICU is on for Unicode normalization; formatting and comparison stay the same on every machine.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLegacyEnvironmentNames();
builder.AddGeminiCloneOrleans();
builder.AddGeminiCloneApi();

var app = builder.Build();
// First, so a request's time waiting for the cluster counts from its arrival, whatever runs before the wait.
app.UseRequestDeadline();
app.UseNoSniff();
app.UseExceptionHandler();
app.UseHeadAsGet();
app.UseRouting();
app.UseCallerAddress();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapServiceEndpoints();
app.MapAuthApi();
app.MapPasskeyApi();
app.MapUserApi();
app.MapUsageApi();
app.MapApiKeyApi();
app.MapChatroomApi();
app.MapPreferenceApi();
app.MapGemApi();
app.MapFolderApi();
app.MapShareApi();
app.MapModelApi();
app.MapBillingApi();
app.MapAdminApi();
app.MapTwilioWebhookApi();
app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(OperatorAuthenticationHandler.Policy).ExcludeFromDescription();
if (app.MapGeminiCloneMetrics(app.Configuration) is { } metrics && Telemetry.PrometheusForOperatorsOnly(app.Configuration))
{
    metrics.RequireAuthorization(OperatorAuthenticationHandler.Policy);
}

app.LogWhenStarted();
return app.RunOrExplainConfiguration();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
