using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// When a chatroom expires, and when it next wakes to see whether it has: under <c>Chat:RetentionDays</c>, and
/// always for a temporary chatroom (<c>Chat:TemporaryChatLifetime</c>), which expires through the same reminder.
/// </summary>
public sealed class RetentionSchedule(ChatroomOptions options)
{
    public bool Enabled => options.RetentionDays is > 0;

    /// <summary>The reminder's period: the wake-up that follows if a chatroom could not set its next one itself.</summary>
    public TimeSpan CheckPeriod => options.RetentionCheckPeriod;

    /// <summary>Whether the chatroom expires at all: every temporary one, the others only with retention on.</summary>
    public bool AppliesTo(bool temporary) => temporary || Enabled;

    /// <summary>The period of a chatroom's reminder: a temporary one's lifetime when that is shorter than a check period.</summary>
    public TimeSpan CheckPeriodOf(bool temporary) =>
        temporary && options.TemporaryChatLifetime < options.RetentionCheckPeriod ? options.TemporaryChatLifetime : options.RetentionCheckPeriod;

    public bool IsExpired(DateTimeOffset lastActivity, DateTimeOffset now, bool temporary = false) =>
        Lifetime(temporary) is { } lifetime && now - lastActivity >= lifetime;

    /// <summary>
    /// How long from <paramref name="now"/> the chatroom wakes next: at its expiry or after a check period, whichever
    /// comes first, plus its offset. A temporary chatroom takes no offset: its expiry follows its owner's own last
    /// activity, which never comes in bursts as an import does, and "a day" should not slip by hours.
    /// </summary>
    public TimeSpan NextCheck(string chatroomId, DateTimeOffset lastActivity, DateTimeOffset now, bool temporary = false)
    {
        var untilExpiry = lastActivity + (Lifetime(temporary) ?? TimeSpan.Zero) - now;
        var period = CheckPeriodOf(temporary);
        var wait = untilExpiry < period ? untilExpiry : period;
        return (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + (temporary ? TimeSpan.Zero : Offset(chatroomId));
    }

    /// <summary>The chatroom's own place in <see cref="ChatroomOptions.RetentionSpread"/>: the same on every silo and every tick.</summary>
    public TimeSpan Offset(string chatroomId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(chatroomId), hash);
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(hash) / (double)uint.MaxValue;
        return options.RetentionSpread * fraction;
    }

    private TimeSpan? Lifetime(bool temporary) =>
        temporary ? options.TemporaryChatLifetime : Enabled ? TimeSpan.FromDays(options.RetentionDays!.Value) : null;
}
