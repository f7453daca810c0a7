namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>What a chatroom may hold: the gateway refuses more before any grain is called, the chatroom keeps to it.</summary>
public static class ChatroomLimits
{
    /// <summary>The title a chatroom created without one carries.</summary>
    public const string DefaultTitle = "New chat";

    /// <summary>The longest instruction a chatroom may set for itself (and the service's own).</summary>
    public const int SystemInstructionMaxLength = 4000;
}
