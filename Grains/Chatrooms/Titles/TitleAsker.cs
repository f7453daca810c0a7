using GeminiClone.Grains.Chatrooms.Turns;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms.Titles;

/// <summary>What asking for a title came to: the title, or why there is none, and the Gemini calls it took (1 or 2).</summary>
public sealed record TitleOutcome(string? Title, int Calls, GeminiFailure? Failure);

/// <summary>
/// Asks the title model (<see cref="TitleOptions.Model"/>) for a chatroom's title, through the same
/// <see cref="IChatClient"/> as the turns: one call, and one retry when the first failed in a way that may pass. The
/// HTTP pipeline's own retries are off for it (<see cref="GeminiChatProperties.SingleAttempt"/>), so a title costs at
/// most two calls whatever Gemini answers. Nobody's quota is charged: a title is the service's own doing.
/// </summary>
public sealed partial class TitleAsker(
    IChatClient gemini,
    GeminiModelCatalog catalog,
    IOptions<TitleOptions> titleOptions,
    IOptions<GeminiOptions> geminiOptions,
    ILogger<TitleAsker> logger)
{
    /// <summary>The title model's brief; the Gemini emulator knows a title request by its first words.</summary>
    public const string Instruction =
        "Write a title for the conversation below: what it is about, in at most six words and 60 characters, " +
        "in the language the user writes in. Answer with the title alone: no quotes, no label, no full stop.";

    /// <summary>How much of each message the prompt quotes: the start of a conversation says what it is about.</summary>
    private const int QuotedCharacters = 1500;

    public bool Automatic => titleOptions.Value.Enabled;

    /// <summary>A title for the conversation <paramref name="excerpts"/> quote (its first messages, and for a retitle its latest).</summary>
    public async Task<TitleOutcome> AskAsync(IReadOnlyList<StoredMessage> excerpts, CancellationToken cancellationToken)
    {
        var quoted = Quote(excerpts);
        if (quoted.Length == 0)
        {
            return new TitleOutcome(null, 0, new GeminiFailure(ChatTurnStatus.GeminiBadResponse, "The conversation has no text to make a title of."));
        }

        List<ChatMessage> prompt = [new(ChatRole.User, quoted)];
        GeminiFailure? failure;
        for (var call = 1; ; call++)
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(geminiOptions.Value.Timeout);
                var response = await gemini.GetResponseAsync(prompt, Options(), deadline.Token);
                if (TitleText.Clean(response.Text) is { } title)
                {
                    return new TitleOutcome(title, call, null);
                }

                failure = GeminiFailures.ForFinishReason(FinishReasonOf(response))
                    ?? new GeminiFailure(ChatTurnStatus.GeminiBadResponse, "Gemini answered without a title.");
            }
            catch (Exception e) when (GeminiFailures.Classify(e) is { } classified && !cancellationToken.IsCancellationRequested)
            {
                failure = classified;
            }

            LogTitleFailed(failure.Cause, call, failure.Status);
            if (call == 2 || !MayPass(failure))
            {
                return new TitleOutcome(null, call, failure);
            }

            // Real time, not the grain's clock: this waits for Gemini.
            await Task.Delay(geminiOptions.Value.RetryDelay, cancellationToken);
        }
    }

    /// <summary>A blocked conversation or a request Gemini refuses is refused again; overload, timeouts and odd answers may pass.</summary>
    private static bool MayPass(GeminiFailure failure) =>
        failure.Status != ChatTurnStatus.Blocked && failure.Cause is not GeminiApiException { IsTransient: false };

    private ChatOptions Options()
    {
        var model = titleOptions.Value.Model;
        var options = new ChatOptions
        {
            ModelId = model,
            Instructions = Instruction,
            AdditionalProperties = new() { [GeminiChatProperties.SingleAttempt] = true },
        };
        // The least thinking the model takes: a title needs none, and it answers sooner.
        if (catalog.Find(model) is { UsesThinkingBudget: false } known && GeminiThinking.Levels.FirstOrDefault(known.Thinking.Contains) is { } least)
        {
            options.AdditionalProperties[GeminiChatProperties.ThinkingLevel] = least;
        }

        return options;
    }

    private static string Quote(IReadOnlyList<StoredMessage> excerpts) => string.Join("\n\n", excerpts
        .Where(m => !string.IsNullOrWhiteSpace(m.Text))
        .Select(m => $"{(m.Role == MessageRole.User ? "User" : "Assistant")}: {Shorten(m.Text)}"));

    private static string Shorten(string text) =>
        text.Length <= QuotedCharacters ? text : text[..(char.IsHighSurrogate(text[QuotedCharacters - 1]) ? QuotedCharacters - 1 : QuotedCharacters)] + "…";

    private static string? FinishReasonOf(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(GeminiChatProperties.FinishReason, out string? reason) == true ? reason : null;

    [LoggerMessage(LogLevel.Information, "A chatroom's title call {Call} failed: {Status}")]
    private partial void LogTitleFailed(Exception? exception, int call, ChatTurnStatus status);
}
