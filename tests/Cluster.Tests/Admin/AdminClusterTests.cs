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
[Collection(SharedRigCollection.Name)]
public sealed class AdminClusterTests(SharedRig shared)
{
    private const string SuspendedType = "urn:geminiclone:problem:account-suspended";

    [Fact]
    public async Task A_suspension_through_one_gateway_holds_on_another_at_once_and_the_stored_audit_log_holds_no_secret()
    {
        var rig = shared.Rig;
        var first = rig.Client(0);
        var second = rig.Client(1);
        var operatorSession = await shared.OperatorAsync();
        var user = await second.SignUpAsync(name: "Suspect");
        var (code, token, refresh) = await SharedRig.SignInAsync(second, user.MobileNumber);
        await (await second.GetAsync("/user/me", token)).ReadJsonAsync(HttpStatusCode.OK);

        var suspended = await first.PostJsonAsync($"/admin/users/{user.Id}/suspend", new { reason = "Abuse report 42" }, operatorSession.Token);
        var next = await second.GetAsync("/user/me", token);
        var refreshed = await second.PostJsonAsync("/auth/refresh", new { refreshToken = refresh });

        Assert.True(suspended.StatusCode == HttpStatusCode.OK, $"{await suspended.Content.ReadAsStringAsync()}\n{rig.Diagnostics}");
        Assert.Equal(SuspendedType, (await next.ReadProblemAsync(HttpStatusCode.Forbidden))["type"]!.GetValue<string>());
        Assert.Equal(SuspendedType, (await refreshed.ReadProblemAsync(HttpStatusCode.Forbidden))["type"]!.GetValue<string>());

        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        Assert.Equal(1L, await database.CountAsync("SELECT count(*) FROM audit_log WHERE kind = 'user_suspended' AND subject = $1", user.Id));
        // The rows about this test's two people (the shared rig's log holds other tests' too), none with a secret.
        var stored = await AuditTextAsync(database, user.Id, user.MobileNumber, operatorSession.User.Id, operatorSession.User.MobileNumber);
        foreach (var secret in new[] { user.Password, operatorSession.User.Password, token, refresh, operatorSession.Token, operatorSession.Refresh })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        }

        foreach (var otp in new[] { code, operatorSession.Code })
        {
            Assert.DoesNotMatch($"(?<![0-9A-Za-z]){Regex.Escape(otp)}(?![0-9A-Za-z])", stored);
        }

        // Each in a transaction rolled back: should the trigger ever let one through, the other tests' rows stay.
        await AssertRefusedAsync(database, "UPDATE audit_log SET kind = 'nothing happened'");
        await AssertRefusedAsync(database, "DELETE FROM audit_log");
        await AssertRefusedAsync(database, "TRUNCATE audit_log");
    }

    [Fact]
    public async Task Silo_sync_directory_writes_every_users_row_again_from_the_user_grains()
    {
        var rig = shared.Rig;
        var api = rig.Client(0);
        var operatorToken = (await shared.OperatorAsync()).Token;
        // A name no other test's user has, so the search below finds these two only.
        var name = $"Kept {Guid.NewGuid():N}"[..20];
        var users = new[] { await api.SignUpAsync(name: $"{name} One"), await api.SignUpAsync(name: $"{name} Two") };
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        // Their rows lost; the other users' rows stay (other tests' users: the shared rig's directory is not ours alone).
        await using (var lose = new NpgsqlCommand("DELETE FROM user_directory WHERE user_id = ANY($1)", database))
        {
            lose.Parameters.Add(new NpgsqlParameter { Value = users.Select(u => u.Id).ToArray() });
            Assert.Equal(users.Length, await lose.ExecuteNonQueryAsync());
        }

        var emptied = await FindAsync(api, operatorToken, name);
        var (exitCode, output) = await rig.RunSiloCommandAsync("sync-directory", TimeSpan.FromSeconds(120));
        var refilled = await FindAsync(api, operatorToken, name);

        Assert.True(exitCode == 0, output);
        Assert.Equal(0, emptied);
        Assert.Equal(users.Length, refilled);
    }

    private static async Task<int> FindAsync(ApiClient api, string token, string query) =>
        (await (await api.GetAsync($"/admin/users?query={Uri.EscapeDataString(query)}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!["items"]!.AsArray().Count;

    /// <summary>
    /// The text of every stored row that names one of <paramref name="about"/>: kind, actor, subject, address and
    /// details (not its time, whose microseconds are six digits).
    /// </summary>
    private static async Task<string> AuditTextAsync(NpgsqlConnection database, params string[] about)
    {
        await using var command = new NpgsqlCommand(
            "SELECT concat_ws(' ', kind, actor, subject, ip_address, details::text) FROM audit_log ORDER BY sequence", database);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = reader.GetString(0);
            if (about.Any(name => row.Contains(name, StringComparison.Ordinal)))
            {
                rows.Add(row);
            }
        }

        Assert.NotEmpty(rows);
        return string.Join('\n', rows);
    }

    private static async Task AssertRefusedAsync(NpgsqlConnection database, string sql)
    {
        await using var transaction = await database.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, database, transaction);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.MessageText);
        await transaction.RollbackAsync();
    }
}
