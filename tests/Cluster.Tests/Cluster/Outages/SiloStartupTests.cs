using System.Net;
using System.Text.RegularExpressions;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Cluster.Outages;

[Collection(ClusterCollection.Name)]
public sealed partial class SiloStartupTests
{
    [Fact]
    public async Task A_silo_started_without_postgres_waits_with_a_warning_per_attempt_and_joins_once_postgres_is_up()
    {
        using var postgres = await ThrowawayPostgres.CreateAsync();
        await using var rig = await ClusterRig.CreateAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = postgres.ConnectionString,
        });

        var silo = rig.StartSilo();
        await WaitUntilAsync(() => Task.FromResult(Occurrences(silo.WholeOutput, "PostgreSQL is not reachable yet") >= 3), TimeSpan.FromSeconds(30), () => silo.Output);
        var waiting = silo.WholeOutput;
        await postgres.StartAsync();
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await rig.StartMoreAsync(silos: 0, gateways: 1);
        var (_, _, token) = await rig.SignInAsync(timeout: TimeSpan.FromSeconds(15));

        Assert.False(silo.HasExited);
        Assert.Contains("warn:", waiting);
        Assert.DoesNotMatch(StackFrame(), waiting);
        Assert.DoesNotContain("Unhandled exception", waiting);
        Assert.NotEmpty(token);
    }

    [Fact]
    public async Task A_silo_whose_wait_for_postgres_runs_out_exits_non_zero_with_one_line_saying_so()
    {
        using var postgres = await ThrowawayPostgres.CreateAsync();
        await using var rig = await ClusterRig.CreateAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = postgres.ConnectionString,
            ["Startup__StoreWait"] = "00:00:04",
        });

        var silo = rig.StartSilo();

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), silo.Output);
        Assert.NotEqual(0, silo.ExitCode);
        var line = Assert.Single(silo.WholeOutput.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.StartsWith("GeminiClone cannot start: PostgreSQL could not be reached within 00:00:04", line);
        Assert.DoesNotMatch(StackFrame(), silo.WholeOutput);
    }

    [Fact]
    public async Task A_gateway_started_before_any_silo_listens_answers_503_with_retry_after_and_serves_once_a_silo_joins()
    {
        await using var rig = await ClusterRig.CreateAsync();
        var gateway = rig.StartGateway();
        var api = rig.Client(0, TimeSpan.FromSeconds(15));
        using var probes = new HttpClient { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromSeconds(5) };
        await WaitUntilAsync(() => IsListeningAsync(probes), TimeSpan.FromSeconds(60), () => gateway.Output);

        var live = await probes.GetAsync("/health/live");
        var ready = await probes.GetAsync("/health/ready");
        var signUp = await api.PostJsonAsync("/auth/signup", new { mobileNumber = ApiClient.NextMobileNumber(), name = "Early", password = ApiClient.Password });
        var me = await api.GetAsync("/user/me", "some-token");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        foreach (var response in new[] { signUp, me })
        {
            await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{response.RequestMessage!.RequestUri} had no Retry-After");
        }

        await rig.StartMoreAsync(silos: 1, gateways: 0);
        await gateway.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var (_, token) = await api.NewSessionAsync();

        Assert.NotEmpty(token);
        Assert.False(gateway.HasExited);
        Assert.Contains("No silo answers yet", gateway.WholeOutput);
        Assert.DoesNotMatch(StackFrame(), gateway.WholeOutput);
    }

    private static async Task<bool> IsListeningAsync(HttpClient probes)
    {
        try
        {
            await probes.GetAsync("/health/live");
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {within}:\n{diagnostics()}");
            await Task.Delay(250);
        }
    }

    internal static int Occurrences(string text, string what) =>
        (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    /// <summary>A line of a .NET stack trace ("   at Namespace.Type.Method(...)").</summary>
    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    internal static partial Regex StackFrame();
}
