using System.ComponentModel.DataAnnotations;

namespace GeminiClone.Grains.Chatrooms.Titles;

/// <summary>Titles the model makes for chatrooms (section <c>Chat:Titles</c>).</summary>
public sealed class TitleOptions
{
    public const string Section = "Chat:Titles";

    /// <summary>After the first answer of a chatroom whose owner chose no title, ask for one. Off: only on request.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The model asked: a small, quick one (Google's Flash-Lite), at its least thinking. It need not be in the catalog
    /// (a newer model is sent as named, with Gemini's own thinking default).
    /// </summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]+$", ErrorMessage = "Chat:Titles:Model must be a bare model name such as gemini-3.5-flash-lite.")]
    public string Model { get; set; } = "gemini-3.5-flash-lite";
}
