using System.Net;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Asks Gemini for one turn: picks the model and thinking settings, sends the history with its thought
/// signatures, relays a streamed answer to the observer, moves to the replacement when Gemini has shut a model
/// down, and turns Gemini's finish reason into a reply to store or a refusal to report.
/// </summary>
public sealed class GeminiAsker(
    IChatClient gemini,
    GeminiModelCatalog catalog,
    IOptions<GeminiOptions> geminiOptions,
    IOptions<ChatroomOptions> chatroomOptions,
    TimeProvider clock)
{
    /// <summary>
    /// Asks and sorts the result; only an exception that is not about Gemini (a bug) escapes, so the caller can
    /// release what it holds for the turn either way.
    /// </summary>
    public async Task<GeminiOutcome> AskAsync(
        IReadOnlyList<StoredMessage> recent, StoredMessage asked, ChatroomSettings settings, UserTier tier,
        bool includeThoughts, IChatStreamObserver? observer)
    {
        var options = chatroomOptions.Value;
        var history = HistoryWindow.Select(recent, options.HistoryMaxMessages, options.HistoryMaxTokens);
        history.Add(new ChatMessage(ChatRole.User, asked.Text));

        var (model, notice) = catalog.ForTurn(settings, tier);
        string? retired = null;
        while (true)
        {
            var relay = new StreamRelay(observer);
            try
            {
                var answered = await AskModelAsync(history, model, settings, includeThoughts, relay);
                return answered.Message is { } message
                    ? new GeminiOutcome(new GeminiReply(message, model.Id, notice, retired), null)
                    : new GeminiOutcome(null, answered.Refusal);
            }
            catch (GeminiApiException e) when (e.StatusCode == HttpStatusCode.NotFound && !relay.Started && catalog.Replacement(model) is { } next)
            {
                // Gemini answers 404 for a model it has shut down: the turn moves on rather than failing every time.
                catalog.MarkShutDown(model.Id);
                retired ??= settings.Model == model.Id ? model.Id : null;
                notice = $"{model.Id} has been retired by Google, so {next.Id} answered.";
                model = next;
            }
            catch (Exception e) when (GeminiFailures.Classify(e) is { } failure)
            {
                return new GeminiOutcome(null, failure);
            }
        }
    }

    private async Task<(StoredMessage? Message, GeminiFailure? Refusal)> AskModelAsync(
        List<ChatMessage> history, GeminiModelOptions model, ChatroomSettings settings, bool includeThoughts, StreamRelay relay)
    {
        var settingsOfService = geminiOptions.Value;
        var chatOptions = new ChatOptions
        {
            ModelId = model.Id,
            Temperature = settingsOfService.Temperature,
            TopP = settingsOfService.TopP,
            TopK = settingsOfService.TopK,
            Instructions = settings.SystemInstruction ?? chatroomOptions.Value.SystemInstruction,
            Reasoning = includeThoughts ? new ReasoningOptions { Output = ReasoningOutput.Summary } : null,
        };
        if (GeminiModelCatalog.ThinkingLevelFor(model, settings) is { } level)
        {
            chatOptions.AdditionalProperties = new() { [GeminiChatClient.ThinkingLevelKey] = level };
        }

        // The HTTP pipeline bounds each attempt and the whole call; this also bounds reading a streamed body.
        using var deadline = new CancellationTokenSource(settingsOfService.Timeout);
        var reply = new ReplyAssembler();
        string? finishReason = null, version = null;
        UsageDetails? usage = null;
        if (!relay.Streams)
        {
            var response = await gemini.GetResponseAsync(history, chatOptions, deadline.Token);
            foreach (var content in response.Messages.SelectMany(m => m.Contents))
            {
                reply.Add(content);
            }

            (finishReason, version, usage) = (FinishReasonOf(response.AdditionalProperties), response.ModelId, response.Usage);
        }
        else
        {
            await foreach (var update in gemini.GetStreamingResponseAsync(history, chatOptions, deadline.Token))
            {
                foreach (var content in update.Contents)
                {
                    reply.Add(content);
                    relay.Forward(content);
                    if (content is UsageContent { Details: var details })
                    {
                        usage = details;
                    }
                }

                finishReason = FinishReasonOf(update.AdditionalProperties) ?? finishReason;
                version = update.ModelId ?? version;
            }
        }

        if (GeminiFailures.ForFinishReason(finishReason) is { } refusal)
        {
            return (null, refusal);
        }

        var truncated = finishReason == "MAX_TOKENS";
        if (string.IsNullOrWhiteSpace(reply.Text))
        {
            return (null, new GeminiFailure(ChatTurnStatus.GeminiBadResponse, truncated
                ? "Gemini reached its output limit before it wrote any answer."
                : $"Gemini returned an empty answer (finish reason {finishReason ?? "none"})."));
        }

        return (new StoredMessage(MessageRole.AI, reply.Text, clock.GetUtcNow())
        {
            Model = version ?? model.Id,
            FinishReason = finishReason,
            Usage = ToTokenUsage(usage),
            Truncated = truncated,
            Thoughts = reply.Thoughts,
            Parts = reply.Parts,
        }, null);
    }

    private static string? FinishReasonOf(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(GeminiChatClient.FinishReasonKey, out string? reason) == true ? reason : null;

    private static TokenUsage? ToTokenUsage(UsageDetails? usage) => usage is null ? null
        : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount)
        {
            ThoughtTokens = usage.ReasoningTokenCount,
            CachedTokens = usage.CachedInputTokenCount,
        };

    /// <summary>Pushes streamed text and thoughts to the listener, one-way, in one numbered sequence.</summary>
    private sealed class StreamRelay(IChatStreamObserver? observer)
    {
        private int _sequence;

        public bool Streams => observer is not null;

        /// <summary>Once words went out, another model must not start over in the same stream.</summary>
        public bool Started => _sequence > 0;

        public void Forward(AIContent content)
        {
            // One-way: a slow or vanished listener never holds up the turn.
            switch (content)
            {
                case TextReasoningContent { Text.Length: > 0 } thought:
                    _ = observer!.OnThoughtAsync(_sequence++, thought.Text);
                    break;
                case TextContent { Text.Length: > 0 } text:
                    _ = observer!.OnDeltaAsync(_sequence++, text.Text);
                    break;
            }
        }
    }
}
