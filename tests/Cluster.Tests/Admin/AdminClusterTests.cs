using System.Net;
using System.Text.RegularExpressions;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Admin;

/// <summary>
/// The admin API on the production stack: a suspension made through one gateway refuses the user's very next request
/// through another; the audit log in PostgreSQL holds no secret and refuses changes; the directory is rebuilt from the
/// user grains by <c>Silo sync-directory</c>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AdminClusterTests
{
    private const string SuspendedType = "urn:geminiclone:problem:account-suspended";

    [Fact]
    public async Task A_suspension_through_one_gateway_holds_on_another_at_once_and_the_stored_audit_log_holds_no_secret()
    {
        var operatorNumber = ApiClient.NextMobileNumber();
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 2,
            new Dictionary<string, string> { ["ADMIN_MOBILE_NUMBERS"] = operatorNumber });
        var first = rig.Client(0);
        var second = rig.Client(1);
        var operatorUser = await first.SignUpAsync(operatorNumber, name: "Operator");
        var (operatorCode, operatorToken, operatorRefresh) = await SignInAsync(first, operatorNumber);
        var user = await second.SignUpAsync(name: "Suspect");
        var (code, token, refresh) = await SignInAsync(second, user.MobileNumber);
        await (await second.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);

        var suspended = await first.PostJsonAsync($"/admin/users/{user.Id}/suspend", new { reason = "Abuse report 42" }, operatorToken);
        var next = await second.GetAsync("/user/me", token);
        var refreshed = await second.PostJsonAsync("/auth/refresh", new { refreshToken = refresh });

        Assert.True(suspended.StatusCode == HttpStatusCode.OK, $"{await suspended.Content.ReadAsStringAsync()}\n{rig.Diagnostics}");
        Assert.Equal(SuspendedType, (await next.ReadProblemAsync(HttpStatusCode.Forbidden))["type"]!.GetValue<string>());
        Assert.Equal(SuspendedType, (await refreshed.ReadProblemAsync(HttpStatusCode.Forbidden))["type"]!.GetValue<string>());

        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        var stored = await AuditTextAsync(database);
        Assert.Contains(user.Id, stored);
        Assert.Contains("user_suspended", stored);
        foreach (var secret in new[] { user.Password, operatorUser.Password, token, refresh, operatorToken, operatorRefresh })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        foreach (var otp in new[] { code, operatorCode })
        {
            Assert.DoesNotMatch($"(?<![0-9A-Za-z]){Regex.Escape(otp)}(?![0-9A-Za-z])", stored);
        }

        await AssertRefusedAsync(database, "UPDATE audit_log SET kind = 'nothing happened'");
        await AssertRefusedAsync(database, "DELETE FROM audit_log");
        await AssertRefusedAsync(database, "TRUNCATE audit_log");
    }

    [Fact]
    public async Task Silo_sync_directory_writes_every_users_row_again_from_the_user_grains()
    {
        var operatorNumber = ApiClient.NextMobileNumber();
        await using var rig = await ClusterRig.StartAsync(silos: 1, gateways: 1,
            new Dictionary<string, string> { ["ADMIN_MOBILE_NUMBERS"] = operatorNumber });
        var api = rig.Client(0);
        await api.SignUpAsync(operatorNumber, name: "Operator");
        var operatorToken = await api.SignInAsync(operatorNumber);
        var users = new[] { await api.SignUpAsync(name: "Kept One"), await api.SignUpAsync(name: "Kept Two") };
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        await using (var lose = new NpgsqlCommand("DELETE FROM user_directory", database))
        {
            await lose.ExecuteNonQueryAsync();
        }

        var emptied = await FindAsync(api, operatorToken, "Kept");
        var (exitCode, output) = await rig.RunSiloCommandAsync("sync-directory", TimeSpan.FromSeconds(120));
        var refilled = await FindAsync(api, operatorToken, "Kept");

        Assert.True(exitCode == 0, output);
        Assert.Equal(0, emptied);
        Assert.Equal(users.Length, refilled);
    }

    private static async Task<(string Code, string Token, string Refresh)> SignInAsync(ApiClient api, string mobileNumber)
    {
        var code = await api.SendOtpAsync(mobileNumber);
        var data = (await (await api.PostJsonAsync("/auth/verify-otp", new { mobileNumber, otp = code })).ReadJsonAsync(HttpStatusCode.OK))["data"]!;
        return (code, data["token"]!.GetValue<string>(), data["refreshToken"]!.GetValue<string>());
    }

    private static async Task<int> FindAsync(ApiClient api, string token, string query) =>
        (await (await api.GetAsync($"/admin/users?query={query}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["items"]!.AsArray().Count;

    /// <summary>Every stored row's text: kind, actor, subject, address and details (not its time, whose microseconds are six digits).</summary>
    private static async Task<string> AuditTextAsync(NpgsqlConnection database)
    {
        await using var command = new NpgsqlCommand(
            "SELECT concat_ws(' ', kind, actor, subject, ip_address, details::text) FROM audit_log ORDER BY sequence", database);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        Assert.NotEmpty(rows);
        return string.Join('\n', rows);
    }

    private static async Task AssertRefusedAsync(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.MessageText);
    }
}
