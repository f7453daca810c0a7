namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>Gemini's built-in tools a chatroom (or one message) may give the model.</summary>
[Flags, GenerateSerializer, Alias("GeminiClone.Chatrooms.ChatTools")]
public enum ChatTools
{
    None = 0,
    /// <summary><c>google_search</c>: answers grounded in Google Search, with their sources and citations.</summary>
    GoogleSearch = 1,
    /// <summary><c>url_context</c>: the model reads the pages a message links to.</summary>
    UrlContext = 2,
    /// <summary><c>code_execution</c>: the model writes Python and runs it, and answers with the result.</summary>
    CodeExecution = 4,
}

/// <summary>The tools' names on the wire (ours and Gemini's are the same), in one place.</summary>
public static class ChatToolNames
{
    public const string GoogleSearch = "google_search";
    public const string UrlContext = "url_context";
    public const string CodeExecution = "code_execution";

    private static readonly (ChatTools Tool, string Name)[] All =
        [(ChatTools.GoogleSearch, GoogleSearch), (ChatTools.UrlContext, UrlContext), (ChatTools.CodeExecution, CodeExecution)];

    /// <summary>Every tool's name, as an error message lists them.</summary>
    public static string Listed { get; } = string.Join(", ", All.Select(t => t.Name));

    /// <summary>The tools <paramref name="names"/> name (duplicates allowed), or the first name that is not a tool.</summary>
    public static bool TryParse(IEnumerable<string> names, out ChatTools tools, out string? unknown)
    {
        (tools, unknown) = (ChatTools.None, null);
        foreach (var name in names)
        {
            var match = All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
            if (match.Name is null)
            {
                unknown = name;
                return false;
            }

            tools |= match.Tool;
        }

        return true;
    }

    /// <summary>The names of <paramref name="tools"/>, in a stable order.</summary>
    public static IReadOnlyList<string> Of(ChatTools tools) => [.. All.Where(t => tools.HasFlag(t.Tool)).Select(t => t.Name)];

    public static string NameOf(ChatTools tool) => All.First(t => t.Tool == tool).Name;

    /// <summary>Each single tool in <paramref name="tools"/>.</summary>
    public static IEnumerable<ChatTools> Each(ChatTools tools) => All.Select(t => t.Tool).Where(t => tools.HasFlag(t));
}
