using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace GeminiClone.Grains.Chatrooms.Storage;

/// <summary>
/// Stores a chatroom's two lists that every turn writes, its recent window and its turns' receipts, as each record's
/// own bytes (<see cref="RecordPacker{T}"/>): a turn serializes only the records it adds, and takes the others' bytes
/// from the state's last packing of the list, which the state keeps (not stored) from its last write or read.
/// Serialized whole, the 10 to 59 messages of the window and up to 32 receipts of the gateway's keys (500 of a
/// client's) were most of what a turn's state write cost (tests/Benchmarks/README.md, "Chatroom lists stored
/// packed"). Orleans calls this around every serialization of a <see cref="ChatroomState"/>.
/// </summary>
/// <remarks>
/// With <see cref="ChatroomOptions.WindowInPreviousShape"/> both lists are written as releases before 2026-12-06
/// wrote them. Otherwise their old fields are written as explicit nulls: a silo of such a release then fails to load
/// the chatroom (its window is never null) instead of loading it without its recent messages and writing it back so.
/// </remarks>
public sealed class ChatroomStatePacking(Serializer<StoredMessage> messages, Serializer<TurnReceipt> receipts, IOptions<ChatroomOptions> options)
{
    private readonly RecordPacker<StoredMessage> _messages = new(messages);
    private readonly RecordPacker<TurnReceipt> _receipts = new(receipts);

    public void OnSerializing(ChatroomState state)
    {
        if (options.Value.WindowInPreviousShape)
        {
            state.RecentAsMessages = state.Recent;
            state.ReceiptsAsRecords = state.Receipts;
            return;
        }

        state.RecentPacked = state.RecentLastPacked = _messages.Pack(state.Recent, state.RecentLastPacked);
        state.ReceiptsPacked = state.ReceiptsLastPacked = state.Receipts is { } kept ? _receipts.Pack(kept, state.ReceiptsLastPacked) : null;
    }

    /// <summary>The state holds only its lists afterwards, not a second copy of them.</summary>
    public void OnSerialized(ChatroomState state) => Clear(state);

    public void OnDeserialized(ChatroomState state)
    {
        if (state.RecentPacked is { } window)
        {
            (state.Recent, state.RecentLastPacked) = _messages.Unpack(window);
        }
        else
        {
            state.Recent = state.RecentAsMessages ?? [];
        }

        if (state.ReceiptsPacked is { } receipts)
        {
            (state.Receipts, state.ReceiptsLastPacked) = _receipts.Unpack(receipts);
        }
        else
        {
            state.Receipts = state.ReceiptsAsRecords;
        }

        Clear(state);
    }

    /// <summary>
    /// Orleans' generated copier carries only the stored fields, which are empty outside a serialization: a copy
    /// gets the lists themselves (new lists of the same immutable records, as <c>ChatroomState.Copy</c> makes).
    /// </summary>
    public void OnCopied(ChatroomState original, ChatroomState result)
    {
        result.Recent = [.. original.Recent];
        result.Receipts = original.Receipts is { } kept ? [.. kept] : null;
        Clear(result);
    }

    private static void Clear(ChatroomState state)
    {
        state.RecentAsMessages = null;
        state.RecentPacked = null;
        state.ReceiptsAsRecords = null;
        state.ReceiptsPacked = null;
    }
}
