using System.Net;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Api.Tests.Hosting;

/// <summary>
/// The dashboard times every grain call for its methods page through a grain call filter, which puts Orleans'
/// incoming filter pipeline on every call; <c>Dashboard:ProfileGrainCalls=false</c> leaves it out.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardProfilingTests(ApiFactory defaults)
{
    [Fact]
    public void By_default_the_dashboard_times_grain_calls()
    {
        Assert.Equal(["GrainProfilerFilter"], IncomingFilters(defaults.Services));
    }

    [Fact]
    public async Task Operators_can_leave_the_dashboards_grain_call_timing_out()
    {
        await using var factory = new ApiFactory([new("Dashboard:ProfileGrainCalls", "false")]);
        await factory.InitializeAsync();

        Assert.Empty(IncomingFilters(factory.Services));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    private static List<string> IncomingFilters(IServiceProvider services) =>
        [.. services.GetServices<IIncomingGrainCallFilter>().Select(filter => filter.GetType().Name).Order()];
}
