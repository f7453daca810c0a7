using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Api.Chatrooms;

/// <summary><c>GET /chatroom/:id/title</c>.</summary>
/// <param name="Chosen">The caller chose the title (at creation or with a rename); the model's never replaces it on its own.</param>
/// <param name="Generating">The model is making the chatroom's first title now: ask again shortly to see it.</param>
public sealed record TitleData(string Title, bool Chosen, bool Generating)
{
    public static TitleData From(TitleState state) => new(state.Title, state.Chosen, state.Generating);
}

/// <summary>An SSE <c>title</c> event: the chatroom's new title, made while its first answer was being written.</summary>
public sealed record ChatStreamTitle(string Title);
