using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// A chatroom's title request, known by its system instruction (the service's title brief), answered apart from
/// turns: only the <c>title-</c> directives of the conversation it quotes apply to it, so a turn's <c>[[error]]</c> or
/// <c>[[hold]]</c> never reaches its title. <c>[[title:TEXT]]</c> names the title, <c>[[title-error:CODE]]</c> fails
/// it, <c>[[title-hold:KEY]]</c> holds it until the test releases KEY. Without a name the title is "Chat about" and the
/// question's first words. It comes wrapped as models wrap titles (markdown, a label, quotes, a full stop, a second
/// line), for the service to unwrap.
/// </summary>
internal static partial class EmulatedTitles
{
    /// <summary>The first words of the service's title brief (<c>TitleAsker.Instruction</c>).</summary>
    public const string BriefStart = "Write a title for the conversation below";

    public static bool IsTitleRequest(RecordedRequest request) =>
        request.SystemInstruction?.StartsWith(BriefStart, StringComparison.Ordinal) == true;

    public static async Task WriteAsync(HttpContext http, EmulatedTurn turn, EmulatorHolds holds)
    {
        if (turn.Directive("title-hold") is { } key)
        {
            await holds.WaitAsync(key, http.RequestAborted);
        }

        if (turn.Directive("title-error") is { } code)
        {
            await GeminiError.For(int.Parse(code, CultureInfo.InvariantCulture)).WriteAsync(http);
            return;
        }

        var title = turn.Directive("title") ?? "Chat about " + FirstWords(turn.LastUser);
        var text = $"**Title:** \"{title}.\"\nHope this helps!";
        var answer = new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = text }) },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = EmulatedReply.Usage(turn.Request.Turns, text, 0),
            ["modelVersion"] = turn.Model + "-001",
        };
        await EmulatedReply.WriteResponsesAsync(http, turn.Streamed, [answer], 0);
    }

    /// <summary>The quoted question's first words, without the service's "User:" and without directives.</summary>
    private static string FirstWords(string quoted)
    {
        var question = Directives().Replace(quoted.Split('\n')[0], "");
        question = question.StartsWith("User:", StringComparison.Ordinal) ? question["User:".Length..] : question;
        return string.Join(' ', question.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4));
    }

    [GeneratedRegex(@"\[\[[^\]]*\]\]")]
    private static partial Regex Directives();
}
