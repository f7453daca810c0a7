using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using GeminiClone.Cluster.Tests.Infrastructure;
using Npgsql;

namespace GeminiClone.Cluster.Tests.Attachments;

/// <summary>Attachments on the production stack: the gateway streams uploads into PostgreSQL (schema 004).</summary>
[Collection(SharedRigCollection.Name)]
public sealed class AttachmentClusterTests(SharedRig shared)
{
    [Fact]
    public async Task A_multi_chunk_upload_is_served_through_any_gateway_and_leaves_with_its_chatroom()
    {
        var rig = shared.Rig;
        var (first, _, token) = await rig.SignInAsync();
        var second = rig.Client(1);
        var room = await first.CreateChatroomAsync(token);
        // Bytes of this test's own (the store keeps equal files once): its rows are the ones with their hash.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 120_000).Select(i => $"line {i}\n")) + Guid.NewGuid());
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(text));
        var file = new ByteArrayContent(text) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } };

        var uploaded = await (await first.SendAsync(HttpMethod.Post, $"/chatroom/{room}/attachments",
            new MultipartFormDataContent { { file, "file", "lines.txt" } }, token)).ReadJsonAsync(HttpStatusCode.Created);
        var path = $"/chatroom/{room}/attachments/{uploaded["data"]!["id"]!.GetValue<string>()}";
        using var download = await second.GetAsync(path, token);

        Assert.True(text.Length > 1024 * 1024, "The file spans more than one chunk.");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(text, await download.Content.ReadAsByteArrayAsync());
        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        Assert.Equal(2L, await database.CountAsync("SELECT count(*) FROM attachment_chunk WHERE sha256 = $1", sha256));
        Assert.Equal(1L, await database.CountAsync("SELECT count(*) FROM attachment_ref WHERE chatroom_id = $1", room));

        (await second.SendAsync(HttpMethod.Delete, $"/chatroom/{room}", null, token)).EnsureSuccessStatusCode();

        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM attachment_blob WHERE sha256 = $1", sha256));
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM attachment_ref WHERE chatroom_id = $1", room));
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM attachment_chunk WHERE sha256 = $1", sha256));
    }

    [Fact]
    public async Task The_sweep_drops_attachments_a_deleted_chatroom_left_behind_and_keeps_the_rest()
    {
        var rig = shared.Rig;
        var (api, _, token) = await rig.SignInAsync();
        var kept = await api.CreateChatroomAsync(token);
        var lost = await api.CreateChatroomAsync(token);
        var hashes = new Dictionary<string, string>();
        foreach (var (room, name) in new[] { (kept, "kept.txt"), (lost, "lost.txt") })
        {
            // Contents of this test's own, so each file's bytes are referred to by this test's chatroom only.
            var bytes = Encoding.UTF8.GetBytes($"contents of {name} {Guid.NewGuid()}");
            hashes[room] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var file = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } };
            await (await api.SendAsync(HttpMethod.Post, $"/chatroom/{room}/attachments", new MultipartFormDataContent { { file, "file", name } }, token))
                .ReadJsonAsync(HttpStatusCode.Created);
        }

        await using var database = new NpgsqlConnection(rig.PostgresConnectionString);
        await database.OpenAsync();
        // A chatroom gone while the store could not remove its files: its state is deleted, its references remain.
        await using (var forget = new NpgsqlCommand("DELETE FROM grain_state WHERE grain_type = 'chatroom' AND grain_id_string = $1", database))
        {
            forget.Parameters.Add(new NpgsqlParameter { Value = lost });
            Assert.Equal(1, await forget.ExecuteNonQueryAsync());
        }

        var (exitCode, output) = await rig.RunSiloCommandAsync("sweep-attachments", TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, output);
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM attachment_ref WHERE chatroom_id = $1", lost));
        Assert.Equal(0L, await database.CountAsync("SELECT count(*) FROM attachment_blob WHERE sha256 = $1", hashes[lost]));
        Assert.Equal(1L, await database.CountAsync("SELECT count(*) FROM attachment_ref WHERE chatroom_id = $1", kept));
        Assert.Equal(1L, await database.CountAsync("SELECT count(*) FROM attachment_blob WHERE sha256 = $1", hashes[kept]));
    }
}
