namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// A title the model made for a chatroom (null: it made none), to be stored by the chatroom's own non-reentrant call.
/// </summary>
/// <param name="Calls">The Gemini calls it took (1, or 2 with the retry).</param>
/// <param name="Asked">The owner asked for it (<c>POST /chatroom/:id/title</c>): it replaces even a title they chose.
/// Otherwise it was made after the first answer, and a title the owner chose meanwhile wins.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.GeneratedTitle")]
public sealed record GeneratedTitle(string? Title, int Calls, bool Asked);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.RetitleStatus")]
public enum RetitleStatus
{
    Titled = 0,
    NotFound = 1,
    /// <summary>The chatroom has no messages to make a title of.</summary>
    NoMessages = 2,
    /// <summary>Gemini made no title; <see cref="RetitleResult.Failure"/> says why, as a turn would.</summary>
    Failed = 3,
}

/// <param name="Chatroom">With <see cref="RetitleStatus.Titled"/>: the chatroom with its new title.</param>
/// <param name="Failure">With <see cref="RetitleStatus.Failed"/>: the turn status the failure maps to (502, 503, 504, 422).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.RetitleResult")]
public sealed record RetitleResult(
    RetitleStatus Status, ChatroomDetails? Chatroom = null, ChatTurnStatus? Failure = null, string? Detail = null, TimeSpan? RetryAfter = null);

/// <param name="Chosen">The owner chose the title (at creation or with a rename): the model's never replaces it on its own.</param>
/// <param name="Generating">The model is making the chatroom's first title now; it is stored (or given up) soon.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TitleState")]
public sealed record TitleState(string Title, bool Chosen, bool Generating);
