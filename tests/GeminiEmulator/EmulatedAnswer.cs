using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// What the emulated model answers, before <see cref="EmulatedReply"/> puts it on the wire whole or in chunks, in
/// the order Gemini's parts come: a thought summary and a draft image (both <c>thought: true</c>), the steps of a
/// code run, the answer's text, its image; and what the candidate says beside its content (grounding, URL context).
/// </summary>
internal sealed class EmulatedAnswer
{
    public required string Finish { get; init; }

    public string? Thought { get; init; }

    public JsonObject? DraftImage { get; init; }

    public IReadOnlyList<JsonObject> Steps { get; init; } = [];

    public required string Text { get; init; }

    public JsonObject? Image { get; init; }

    public JsonObject? GroundingMetadata { get; init; }

    public JsonObject? UrlContextMetadata { get; init; }

    /// <summary>The prompt tokens Google Search's results and the pages read added (<c>toolUsePromptTokenCount</c>).</summary>
    public int ToolPromptTokens { get; init; }

    /// <summary>Every non-thought text part, in order: what the signature signs and grounding offsets count in.</summary>
    public string WholeText => string.Concat(Steps.Select(p => p["text"]?.GetValue<string>())) + Text;

    /// <summary>
    /// <c>Reply #N: &lt;last user message&gt;</c> (with what files it saw), grounded, computed or drawn as the request's
    /// tools and modalities ask; empty when blocked, cut in half at <c>[[max-tokens]]</c> (losing its image).
    /// </summary>
    public static EmulatedAnswer For(EmulatedTurn turn)
    {
        var userTurns = turn.Request.Turns.Count(t => t.Role == "user");
        string[] seen =
        [
            .. turn.Request.LastUserInlineData.Select(f => $"{f.MimeType} {f.Bytes!.Length} bytes"),
            .. turn.Request.LastUserFileData.Select(f => $"file {f.MimeType} {turn.Files.Find(f.Uri)!.Bytes.Length} bytes"),
        ];
        var reply = $"Reply #{userTurns}: {turn.LastUser}" + (seen.Length > 0 ? $" [saw {string.Join(", ", seen)}]" : "");
        var cut = turn.Has("max-tokens");
        var finish = cut ? "MAX_TOKENS" : turn.Reason("block-reply") ?? "STOP";
        var thought = turn.Request.ThinkingConfig?["includeThoughts"]?.GetValue<bool>() == true || turn.Has("unasked-thoughts")
            ? $"Thinking ({turn.Request.ThinkingConfig?["thinkingLevel"]?.GetValue<string>()?.ToLowerInvariant() ?? "default"}) about: {turn.LastUser}"
            : null;
        if (finish is not ("STOP" or "MAX_TOKENS"))
        {
            return new() { Finish = finish, Thought = thought, Text = "" };
        }

        var grounded = turn.HasTool("google_search") && !turn.Has("ungrounded") ? GoogleSearchGrounding.Ground(reply, turn.LastUser) : null;
        var failing = turn.Has("code-error");
        var computed = turn.HasTool("code_execution") && (failing || turn.Has("code"));
        var steps = computed ? CodeExecution.Steps(failing) : [];
        var text = (grounded?.Text ?? reply) + (computed ? CodeExecution.Suffix(failing) : "");
        if (cut)
        {
            text = text[..(text.Length / 2)];
        }

        var drawn = turn.WantsImage && !turn.Has("no-image");
        var aspectRatio = turn.Request.ImageConfig?["aspectRatio"]?.GetValue<string>();
        var urls = turn.HasTool("url_context") ? UrlContextRetrieval.Metadata(turn.LastUser) : null;
        var before = string.Concat(steps.Select(p => p["text"]?.GetValue<string>()));
        return new()
        {
            Finish = finish,
            Thought = thought,
            DraftImage = drawn && turn.Has("thought-image") ? EmulatedImages.Part(aspectRatio, draft: true) : null,
            Steps = steps,
            Text = text,
            Image = drawn && finish == "STOP" ? EmulatedImages.Part(aspectRatio, draft: false) : null,
            GroundingMetadata = grounded is null ? null : GoogleSearchGrounding.Metadata(grounded, before + text, before.Length),
            UrlContextMetadata = urls,
            ToolPromptTokens = (grounded is null ? 0 : 96)
                + (200 * (urls?["urlMetadata"]?.AsArray().Count(u => u?["urlRetrievalStatus"]?.GetValue<string>() == "URL_RETRIEVAL_STATUS_SUCCESS") ?? 0)),
        };
    }
}
