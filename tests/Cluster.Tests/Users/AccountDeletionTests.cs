using System.Net;
using System.Net.Http.Json;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Users;

/// <summary>
/// Account deletion on the production stack: its durable reminder lives in PostgreSQL (schema 002), and the search
/// rows (schema 003) go with the chatrooms.
/// </summary>
[Collection(SharedRigCollection.Name)]
public sealed class AccountDeletionTests(SharedRig shared)
{
    [Fact]
    public async Task A_deleted_account_is_erased_through_any_gateway_and_its_reminder_and_search_rows_leave_the_tables()
    {
        var rig = shared.Rig;
        var (first, user, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var room = await first.CreateChatroomAsync(token, "goes with the account");
        await first.ChatAsync(token, room, "remember me");

        var deleted = await first.SendAsync(HttpMethod.Delete, "/user/me", JsonContent.Create(new { password = user.Password }), token);

        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, $"{deleted.StatusCode}: {await deleted.Content.ReadAsStringAsync()}\n{rig.Diagnostics}");
        await (await second.GetAsync("/user/me", token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        var again = await second.SignUpAsync(user.MobileNumber);
        Assert.NotEqual(user.Id, again.Id);
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        await using var reminders = new NpgsqlCommand("SELECT count(*) FROM reminder WHERE grain_id LIKE '%' || @user || '%'", database);
        reminders.Parameters.AddWithValue("user", user.Id);
        Assert.Equal(0L, (long)(await reminders.ExecuteScalarAsync())!);
        await using var state = new NpgsqlCommand("SELECT count(*) FROM grain_state WHERE grain_id_string LIKE '%' || @room || '%'", database);
        state.Parameters.AddWithValue("room", room);
        Assert.Equal(0L, (long)(await state.ExecuteScalarAsync())!);
        await using var search = new NpgsqlCommand("SELECT count(*) FROM chat_search WHERE owner_id = @user OR chatroom_id = @room", database);
        search.Parameters.AddWithValue("user", user.Id);
        search.Parameters.AddWithValue("room", room);
        Assert.Equal(0L, (long)(await search.ExecuteScalarAsync())!);
    }
}
