using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeminiClone.Api.Tests.Auth;

namespace GeminiClone.Api.Tests.Admin;

/// <summary>GET /admin/audit: every kind of event, with actor, subject and address, in sequence; and never a secret.</summary>
[Collection(AdminCollection.Name)]
public sealed class AuditLogTests(AdminFixture fixture)
{
    private readonly ApiClient _api = fixture.CreateApiClient();

    [Fact]
    public async Task A_users_security_events_and_an_operators_actions_are_logged_in_sequence_and_no_secret_is_stored()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        var operatorId = await fixture.OperatorIdAsync();
        var start = await LastSequenceAsync();
        var used = new Secrets();
        using var authenticator = PasskeyApiFactory.NewAuthenticator();

        var (user, passkeyId) = await UseEveryCredentialAsync(used, authenticator);
        await ActAsOperatorAsync(operatorToken, user.Id);
        await LockAndDeleteAsync(used, user, authenticator, passkeyId);

        var entries = (await _api.AuditAsync(operatorToken, after: start)).Where(e => e!["subject"]?.GetValue<string>() == user.Id).ToList();
        Assert.Equal(
            ["sign_in", "api_key_added", "api_key_removed", "passkey_added", "sign_in", "password_changed", "session_ended", "password_reset",
             "user_suspended", "user_unsuspended", "role_granted", "role_revoked", "plan_changed", "sign_in", "passkey_removed", "otp_lockout",
             "account_deleted"],
            entries.Select(Kind));
        Assert.Equal(["otp", "passkey"], entries.Where(e => Kind(e) == "sign_in").Take(2).Select(e => e!["details"]!["method"]!.GetValue<string>()));
        Assert.All(entries.Where(e => Kind(e).StartsWith("user_", StringComparison.Ordinal) || Kind(e).StartsWith("role_", StringComparison.Ordinal)),
            e => Assert.Equal(operatorId, e!["actor"]!.GetValue<string>()));
        Assert.Equal("system", entries.Single(e => Kind(e) == "otp_lockout")!["actor"]!.GetValue<string>());
        Assert.All(entries, e => Assert.Contains(e!["ipAddress"]!.GetValue<string>(), new[] { "127.0.0.1", "::1", "::ffff:127.0.0.1" }));
        var sequences = entries.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());

        await AssertNoSecretStoredAsync(used);
    }

    [Fact]
    public async Task Pages_after_a_sequence_read_on_without_gaps_or_repeats()
    {
        var operatorToken = await fixture.OperatorTokenAsync();
        for (var i = 0; i < 3; i++)
        {
            await _api.NewSessionAsync();
        }

        var all = await _api.AuditAsync(operatorToken);
        var paged = new List<long>();
        var after = 0L;
        while (true)
        {
            var page = (await (await _api.GetAsync($"/admin/audit?after={after}&limit=2", operatorToken)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
            var items = page["items"]!.AsArray();
            paged.AddRange(items.Select(e => e!["sequence"]!.GetValue<long>()));
            Assert.True(items.Count <= 2);
            if (items.Count == 0 || paged.Count >= all.Count)
            {
                break;
            }

            after = page["nextAfter"]!.GetValue<long>();
        }

        Assert.Equal(all.Select(e => e!["sequence"]!.GetValue<long>()), paged.Take(all.Count));
        Assert.True(paged.Zip(paged.Skip(1)).All(p => p.First < p.Second));
        await (await _api.GetAsync("/admin/audit?limit=1001", operatorToken)).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await _api.GetAsync("/admin/audit?after=-1", operatorToken)).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// Signs up and in by OTP, adds and revokes an API key, registers a passkey and signs in with it, changes the
    /// password, signs out, and resets the password: every secret and code on the way goes into <paramref name="used"/>.
    /// </summary>
    private async Task<(TestUser User, string PasskeyId)> UseEveryCredentialAsync(Secrets used, SoftwareAuthenticator authenticator)
    {
        var user = await _api.SignUpAsync();
        used.Texts.Add(user.Password);
        used.Codes.Add(await _api.SendOtpAsync(user.MobileNumber));
        var signIn = (await (await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = used.Codes[^1] }))
            .ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        var token = signIn["token"]!.GetValue<string>();
        used.Texts.AddRange([token, signIn["refreshToken"]!.GetValue<string>()]);

        var key = (await (await _api.PostJsonAsync("/user/api-keys", new { name = "exporter" }, token)).ReadJsonAsync(HttpStatusCode.Created))["data"]!;
        used.Texts.Add(key["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/user/api-keys/{key["id"]!.GetValue<string>()}", null, token)).StatusCode);

        var passkey = await _api.RegisterPasskeyAsync(token, authenticator);
        used.Texts.AddRange(await PasskeySignInAsync(authenticator));

        const string changed = "a changed password";
        used.Texts.Add(changed);
        var afterChange = (await (await _api.PostJsonAsync("/auth/change-password", new { currentPassword = user.Password, newPassword = changed }, token))
            .ReadJsonAsync(HttpStatusCode.OK))["data"]!["token"]!.GetValue<string>();
        used.Texts.Add(afterChange);
        await (await _api.SendAsync(HttpMethod.Post, "/auth/logout", null, afterChange)).ReadJsonAsync(HttpStatusCode.OK);

        used.Codes.Add(await _api.SendOtpAsync(user.MobileNumber, "/auth/forgot-password"));
        used.Texts.Add(Secrets.ResetPassword);
        await (await _api.PostJsonAsync("/auth/reset-password",
            new { mobileNumber = user.MobileNumber, otp = used.Codes[^1], newPassword = Secrets.ResetPassword })).ReadJsonAsync(HttpStatusCode.OK);
        return (user, passkey["id"]!.GetValue<string>());
    }

    private async Task ActAsOperatorAsync(string operatorToken, string userId)
    {
        await (await _api.SuspendAsync(operatorToken, userId, "Testing the audit log")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.UnsuspendAsync(operatorToken, userId)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SetRoleAsync(operatorToken, userId, granted: true)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SetRoleAsync(operatorToken, userId, granted: false)).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.SetPlanAsync(operatorToken, userId, "Pro", DateTimeOffset.UtcNow.AddDays(7))).ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>
    /// The reset ended every session: back in with the passkey, which then goes; three wrong codes lock the number
    /// (<c>Otp:LockoutThreshold</c> is 3 here) while the passkey's session stays signed in, and it deletes the account.
    /// </summary>
    private async Task LockAndDeleteAsync(Secrets used, TestUser user, SoftwareAuthenticator authenticator, string passkeyId)
    {
        var last = await PasskeySignInAsync(authenticator);
        used.Texts.AddRange(last);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/user/passkeys/{passkeyId}", null, last[0])).StatusCode);

        used.Codes.Add(await _api.SendOtpAsync(user.MobileNumber));
        foreach (var wrong in WrongCodes(used.Codes[^1]))
        {
            await _api.PostJsonAsync("/auth/verify-otp", new { mobileNumber = user.MobileNumber, otp = wrong });
        }

        var deleted = await _api.SendAsync(HttpMethod.Delete, "/user/me", JsonContent.Create(new { password = Secrets.ResetPassword }), last[0]);
        Assert.True(deleted.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Accepted, await deleted.Content.ReadAsStringAsync());
    }

    private static string Kind(JsonNode? entry) => entry!["kind"]!.GetValue<string>();

    /// <summary>What a test used that the log must never hold: passwords, tokens and keys (<see cref="Texts"/>), one-time codes.</summary>
    private sealed class Secrets
    {
        public const string ResetPassword = "a reset password";

        public List<string> Texts { get; } = [];

        public List<string> Codes { get; } = [];
    }

    /// <summary>
    /// Every stored entry's text, as the memory adapter holds it: no password, token, refresh token or API key the test
    /// used, and no code as a value of its own (six digits may well occur inside an id or a time).
    /// </summary>
    private async Task AssertNoSecretStoredAsync(Secrets used)
    {
        var stored = string.Join('\n', (await fixture.StoredAuditAsync()).Select(r => string.Join(' ',
            [r.Entry.Kind, r.Entry.Actor, r.Entry.Subject, r.Entry.IpAddress, .. r.Entry.Details.SelectMany(d => new[] { d.Key, d.Value })])));

        Assert.All(used.Texts, secret => Assert.DoesNotContain(secret, stored, StringComparison.Ordinal));
        Assert.All(used.Codes, code => Assert.DoesNotMatch($"(?<![0-9A-Za-z]){Regex.Escape(code)}(?![0-9A-Za-z])", stored));
    }

    /// <summary>A passkey sign-in's access and refresh tokens.</summary>
    private async Task<string[]> PasskeySignInAsync(SoftwareAuthenticator authenticator)
    {
        var data = (await (await _api.LogInWithPasskeyAsync(authenticator.Get(await _api.LoginOptionsAsync()))).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        return [data["token"]!.GetValue<string>(), data["refreshToken"]!.GetValue<string>()];
    }

    private async Task<long> LastSequenceAsync() => (await fixture.StoredAuditAsync()).Select(r => r.Sequence).DefaultIfEmpty(0).Max();

    private static IEnumerable<string> WrongCodes(string right) =>
        Enumerable.Range(0, 3).Select(i => ((int.Parse(right) + 1 + i) % 1_000_000).ToString("D6"));
}
