using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>When a chatroom expires under <c>Chat:RetentionDays</c>, and when it next wakes to see whether it has.</summary>
public sealed class RetentionSchedule(ChatroomOptions options)
{
    public bool Enabled => options.RetentionDays is > 0;

    /// <summary>The reminder's period: the wake-up that follows if a chatroom could not set its next one itself.</summary>
    public TimeSpan CheckPeriod => options.RetentionCheckPeriod;

    public bool IsExpired(DateTimeOffset lastActivity, DateTimeOffset now) =>
        Enabled && now - lastActivity >= TimeSpan.FromDays(options.RetentionDays!.Value);

    /// <summary>How long from <paramref name="now"/> the chatroom wakes next: at its expiry or after a check period, whichever comes first, plus its offset.</summary>
    public TimeSpan NextCheck(string chatroomId, DateTimeOffset lastActivity, DateTimeOffset now)
    {
        var untilExpiry = lastActivity + TimeSpan.FromDays(options.RetentionDays ?? 0) - now;
        var wait = untilExpiry < options.RetentionCheckPeriod ? untilExpiry : options.RetentionCheckPeriod;
        return (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + Offset(chatroomId);
    }

    /// <summary>The chatroom's own place in <see cref="ChatroomOptions.RetentionSpread"/>: the same on every silo and every tick.</summary>
    public TimeSpan Offset(string chatroomId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(chatroomId), hash);
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(hash) / (double)uint.MaxValue;
        return options.RetentionSpread * fraction;
    }
}
