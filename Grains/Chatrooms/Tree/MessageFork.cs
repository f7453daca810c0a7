namespace GeminiClone.Grains.Chatrooms.Tree;

/// <summary>
/// A message whose parent is not the message just before it in the log: where a branch starts. A chatroom keeps one
/// per branch, never one per message. <paramref name="ParentId"/> is -1 for a message at the root.
/// </summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageFork")]
public sealed record MessageFork(int MessageId, int ParentId);

/// <summary>Log positions [<paramref name="Start"/>, <paramref name="End"/>) of messages deleted with their branch.</summary>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.MessageRange")]
public sealed record MessageRange(int Start, int End)
{
    public int Length => End - Start;
}
