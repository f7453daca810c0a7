using System.Security.Cryptography;
using GeminiClone.Cluster.Tests.Infrastructure;
using GeminiClone.Grains.Adapters.InMemory;
using GeminiClone.Grains.Adapters.PostgreSql;
using GeminiClone.Grains.Interfaces.Attachments;

namespace GeminiClone.Cluster.Tests.Attachments;

/// <summary>What both attachment stores promise, run against memory and against PostgreSQL (the real migrations).</summary>
public abstract class AttachmentStoreContract
{
    protected abstract Task<IAttachmentStore> StoreAsync();

    [Fact]
    public async Task Bytes_come_back_whole_and_from_any_position()
    {
        var store = await StoreAsync();
        // Two and a half chunks of PostgreSQL's store, so reads cross chunk boundaries.
        var bytes = RandomNumberGenerator.GetBytes(PostgresAttachmentStore.ChunkSize * 5 / 2);
        var sha256 = await SaveAsync(store, "a1", "room", bytes);

        await using var whole = (await store.OpenReadAsync(sha256))!;
        using var copy = new MemoryStream();
        await whole.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(bytes.Length, whole.Length);

        whole.Position = PostgresAttachmentStore.ChunkSize - 3;
        var across = new byte[10];
        await whole.ReadExactlyAsync(across);
        Assert.Equal(bytes[(PostgresAttachmentStore.ChunkSize - 3)..(PostgresAttachmentStore.ChunkSize + 7)], across);
    }

    [Fact]
    public async Task The_same_bytes_are_stored_once_and_go_with_their_last_reference()
    {
        var store = await StoreAsync();
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var sha256 = await SaveAsync(store, "first", "room-1", bytes);
        await SaveAsync(store, "second", "room-2", bytes);

        await store.RemoveAsync("first");
        Assert.NotNull(await store.OpenReadAsync(sha256));

        await store.RemoveChatroomAsync("room-2");
        Assert.Null(await store.OpenReadAsync(sha256));
    }

    [Fact]
    public async Task Removing_a_chatroom_removes_its_attachments_only()
    {
        var store = await StoreAsync();
        var gone = await SaveAsync(store, "x1", "room-x", RandomNumberGenerator.GetBytes(100));
        var kept = await SaveAsync(store, "y1", "room-y", RandomNumberGenerator.GetBytes(100));

        await store.RemoveChatroomAsync("room-x");

        Assert.Null(await store.OpenReadAsync(gone));
        Assert.NotNull(await store.OpenReadAsync(kept));
    }

    [Fact]
    public async Task Saving_the_same_attachment_again_changes_nothing()
    {
        var store = await StoreAsync();
        var bytes = RandomNumberGenerator.GetBytes(300);
        var sha256 = await SaveAsync(store, "again", "room", bytes);
        await SaveAsync(store, "again", "room", bytes);

        await store.RemoveAsync("again");

        Assert.Null(await store.OpenReadAsync(sha256));
    }

    private static async Task<string> SaveAsync(IAttachmentStore store, string attachmentId, string chatroomId, byte[] bytes)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await store.SaveAsync(attachmentId, chatroomId, sha256, bytes.Length, new MemoryStream(bytes));
        return sha256;
    }
}

public sealed class MemoryAttachmentStoreTests : AttachmentStoreContract
{
    protected override Task<IAttachmentStore> StoreAsync() => Task.FromResult<IAttachmentStore>(new MemoryAttachmentStore());
}

/// <summary>On a fresh database of each test's own, in parallel with the other tests that start no process (ClusterCollection.cs).</summary>
public sealed class PostgresAttachmentStoreTests : AttachmentStoreContract, IAsyncLifetime
{
    private readonly List<PostgresAttachmentStore> _stores = [];

    protected override async Task<IAttachmentStore> StoreAsync()
    {
        var database = await TestServers.CreateMigratedDatabaseAsync();
        var store = new PostgresAttachmentStore(database);
        _stores.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
