using System.Net;
using GeminiClone.Cluster.Tests.Infrastructure;

namespace GeminiClone.Cluster.Tests.Auth;

[Collection(ClusterCollection.Name)]
public sealed class SignInSafetyTests
{
    [Fact]
    public async Task A_production_gateway_without_an_sms_sender_exits_with_one_line_that_names_the_settings()
    {
        using var gateway = ServiceProcess.Start("api-unsafe", "Api", LoopbackPorts.Next(), new Dictionary<string, string>
        {
            ["JWT_SECRET"] = ClusterRig.JwtSecret,
            ["OTP_IN_RESPONSE"] = "",
        });

        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)), gateway.Output);

        Assert.Equal(1, gateway.ExitCode);
        var line = Assert.Single(gateway.WholeOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("GeminiClone cannot start:", line);
        Assert.Contains("TWILIO_ACCOUNT_SID", line);
        Assert.Contains("OTP_IN_RESPONSE=true", line);
    }

    [Fact]
    public async Task A_locked_number_stays_locked_after_every_process_is_killed()
    {
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1, new Dictionary<string, string> { ["Otp__ResendCooldown"] = "00:00:00" });
        var api = rig.Client(0);
        var user = await api.SignUpAsync();
        for (var round = 0; round < 2; round++)
        {
            var code = await api.SendOtpAsync(user.MobileNumber);
            var wrong = ((int.Parse(code) + 1) % 1_000_000).ToString("D6");
            for (var i = 0; i < 5; i++)
            {
                await api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = wrong });
            }
        }

        await rig.RedeployAsync(silos: 1, gateways: 1);
        var afterRestart = await rig.Client(0).PostJsonAsync("/auth/send-otp", new { mobileNumber = user.MobileNumber });

        await afterRestart.ReadProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(afterRestart.Headers.RetryAfter!.ToString()), 3_000, 3_600);
    }
}
