using System.Net;

namespace GeminiClone.Cluster.Tests.Infrastructure;

/// <summary>
/// The healthy deployment the tests of <see cref="SharedRigCollection"/> share (see ClusterCollection.cs for the
/// rules): two silos and two gateways with the default settings, and one operator number. Started when the first of
/// them runs and stopped after the last.
/// </summary>
public sealed class SharedRig : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private ClusterRig? _rig;
    private Task<OperatorSession>? _operator;

    /// <summary>The one number in <c>ADMIN_MOBILE_NUMBERS</c>: its user becomes an operator on signing in.</summary>
    public string OperatorNumber { get; } = ApiClient.NextMobileNumber();

    /// <summary>The deployment, every process of it still running (a test that stopped one broke the rules).</summary>
    public ClusterRig Rig
    {
        get
        {
            var rig = _rig ?? throw new InvalidOperationException("The shared rig has not started.");
            var exited = rig.Silos.Concat(rig.Gateways).Where(p => p.HasExited).Select(p => p.Name).ToList();
            return exited.Count == 0
                ? rig
                : throw new InvalidOperationException(
                    $"A process of the shared rig exited ({string.Join(", ", exited)}): a test that stops processes needs a rig of its own.\n{rig.Diagnostics}");
        }
    }

    /// <summary>
    /// The operator (<see cref="OperatorNumber"/>), signed up and signed in through the first gateway by the first
    /// test that asks; one session for every test (a second sign-in within the OTP resend cooldown would be refused),
    /// so no test may end it.
    /// </summary>
    public Task<OperatorSession> OperatorAsync()
    {
        lock (_gate)
        {
            return _operator ??= SignInOperatorAsync(Rig.Client(0));
        }
    }

    public async Task InitializeAsync() =>
        _rig = await ClusterRig.StartAsync(silos: 2, gateways: 2, new Dictionary<string, string> { ["ADMIN_MOBILE_NUMBERS"] = OperatorNumber });

    public async Task DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }
    }

    private async Task<OperatorSession> SignInOperatorAsync(ApiClient api)
    {
        var user = await api.SignUpAsync(OperatorNumber, name: "Operator");
        var (code, token, refresh) = await SignInAsync(api, OperatorNumber);
        return new OperatorSession(user, code, token, refresh);
    }

    /// <summary>A sign-in with the code from the response: the code, the access token and the refresh token.</summary>
    public static async Task<(string Code, string Token, string Refresh)> SignInAsync(ApiClient api, string mobileNumber)
    {
        var code = await api.SendOtpAsync(mobileNumber);
        var data = (await (await api.PostJsonAsync("/auth/verify-otp", new { mobileNumber, otp = code })).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        return (code, data["token"]!.GetValue<string>(), data["refreshToken"]!.GetValue<string>());
    }
}

/// <summary>The shared rig's operator: the user, the code it signed in with, and its session's tokens.</summary>
public sealed record OperatorSession(TestUser User, string Code, string Token, string Refresh);
