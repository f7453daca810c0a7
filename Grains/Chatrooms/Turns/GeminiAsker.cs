using System.Net;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Users;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Asks Gemini for one turn: picks the model and thinking settings, sends the history with its thought
/// signatures, publishes the answer to the live turn as it streams, moves to the replacement when Gemini has shut a model
/// down, and turns Gemini's finish reason into a reply to store or a refusal to report.
/// </summary>
public sealed class GeminiAsker(
    IChatClient gemini,
    GeminiModelCatalog catalog,
    IOptions<GeminiOptions> geminiOptions,
    IOptions<ChatroomOptions> chatroomOptions,
    AttachmentParts attachmentParts,
    TimeProvider clock)
{
    /// <summary>
    /// Asks and sorts the result; only an exception that is not about Gemini (a bug) escapes, so the caller can
    /// release what it holds for the turn either way. A streamed turn's answer is streamed from Gemini into the live
    /// turn, which then holds the text so far (for readers who attach later, a reloaded page, and a stop, which keeps
    /// it); a plain turn asks for the whole answer at once, which costs measurably less (tests/Benchmarks/README.md).
    /// </summary>
    internal async Task<GeminiOutcome> AskAsync(
        IReadOnlyList<StoredMessage> recent, StoredMessage asked, ChatroomSettings settings, UserTier tier,
        bool includeThoughts, LiveTurn turn, IReadOnlyList<Attachment>? attachments = null, ChatTools tools = ChatTools.None,
        ImageRequest? image = null, string? userInstructions = null, HistoryMessages? made = null)
    {
        var options = chatroomOptions.Value;
        var start = HistoryWindow.Start(recent, options.HistoryMaxMessages, options.HistoryMaxTokens);
        var history = made?.Window(recent, start) ?? HistoryWindow.Messages(recent, start);
        history.Add(new ChatMessage(ChatRole.User, asked.Text));
        Dictionary<string, GeminiFileRef>? uploaded;
        try
        {
            uploaded = await attachmentParts.AddAsync(history, recent, start, asked, attachments ?? [], turn.StopRequested);
        }
        catch (Exception e) when (GeminiFailures.Classify(e) is { } failure)
        {
            return new GeminiOutcome(null, failure);
        }

        var instructions = SystemInstructions.Compose(userInstructions, settings.SystemInstruction ?? chatroomOptions.Value.SystemInstruction);
        var (model, notice) = catalog.ForTurn(settings, tier);
        string? retired = null;
        while (true)
        {
            try
            {
                var asking = new Asking(
                    includeThoughts, catalog.UsableTools(tools, model, tier), model.MakesImages ? image ?? NoImageConfig : null, instructions);
                var answered = await AskModelAsync(history, model, settings, asking, turn);
                return (answered.Message is { } message
                    ? new GeminiOutcome(new GeminiReply(message, model.Id, notice, retired) { Images = answered.Images }, null)
                    : new GeminiOutcome(null, answered.Refusal)) with { UploadedFiles = uploaded };
            }
            catch (GeminiApiException e) when (e.StatusCode == HttpStatusCode.NotFound && !turn.Started && catalog.Replacement(model) is { } next)
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

    /// <summary>How one model is asked: thought summaries, the tools it may use, whether (and how) it draws, and the system instruction.</summary>
    private sealed record Asking(bool IncludeThoughts, ChatTools Tools, ImageRequest? Image, string Instructions);

    private static readonly ImageRequest NoImageConfig = new(null, null);

    private async Task<(StoredMessage? Message, GeminiFailure? Refusal, IReadOnlyList<GeneratedImage> Images)> AskModelAsync(
        List<ChatMessage> history, GeminiModelOptions model, ChatroomSettings settings, Asking asking, LiveTurn turn)
    {
        var includeThoughts = asking.IncludeThoughts;
        // The HTTP pipeline bounds each attempt and the whole call; this also bounds reading the streamed body. A stop
        // cancels the same token, which aborts the HTTP request to Gemini.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(turn.StopRequested);
        deadline.CancelAfter(geminiOptions.Value.Timeout);
        var reply = new ReplyAssembler();
        var chatOptions = OptionsFor(model, settings, asking);
        Answered answered;
        try
        {
            answered = turn.Streams
                ? await ReadStreamedAsync(history, chatOptions, includeThoughts, turn, reply, deadline.Token)
                : await ReadWholeAsync(history, chatOptions, includeThoughts, turn, reply, deadline.Token);
        }
        catch (Exception) when (turn.Stopping)
        {
            // Whatever the abort surfaced as (a cancelled read, a cancelled send), the user asked for it.
            return string.IsNullOrWhiteSpace(reply.Text) && reply.Images.Count == 0
                ? (null, new GeminiFailure(ChatTurnStatus.Stopped, "Stopped before Gemini wrote any answer, so nothing was stored."), [])
                : (Answer(reply, model, reply.Version, finishReason: null, reply.Usage, turn.Streams) with { Stopped = true }, null, reply.Images);
        }

        if (GeminiFailures.ForFinishReason(answered.FinishReason) is { } refusal)
        {
            return (null, refusal, []);
        }

        // An image answer may come without a word.
        if (string.IsNullOrWhiteSpace(reply.Text) && reply.Images.Count == 0)
        {
            return (null, new GeminiFailure(ChatTurnStatus.GeminiBadResponse, answered.FinishReason == "MAX_TOKENS"
                ? "Gemini reached its output limit before it wrote any answer."
                : $"Gemini returned an empty answer (finish reason {answered.FinishReason ?? "none"})."), []);
        }

        return (Answer(reply, model, answered.Version, answered.FinishReason, answered.Usage, turn.Streams), null, reply.Images);
    }

    private ChatOptions OptionsFor(GeminiModelOptions model, ChatroomSettings settings, Asking asking)
    {
        var (includeThoughts, tools) = (asking.IncludeThoughts, asking.Tools);
        // Sampling only for a model that still takes it (the catalog warned at start about the others).
        var sampling = model.SamplingDeprecated ? null : geminiOptions.Value;
        var chatOptions = new ChatOptions
        {
            ModelId = model.Id,
            Temperature = sampling?.Temperature,
            TopP = sampling?.TopP,
            TopK = sampling?.TopK,
            Instructions = asking.Instructions,
            Reasoning = includeThoughts ? new ReasoningOptions { Output = ReasoningOutput.Summary } : null,
            Tools = tools == ChatTools.None ? null : [.. ToolsOf(tools)],
        };
        if (GeminiModelCatalog.ThinkingLevelFor(model, settings) is { } level)
        {
            (chatOptions.AdditionalProperties ??= [])[GeminiChatProperties.ThinkingLevel] = level;
        }

        if (asking.Image is { } image)
        {
            chatOptions.AdditionalProperties ??= [];
            chatOptions.AdditionalProperties[GeminiChatProperties.ResponseModalities] = new[] { "TEXT", "IMAGE" };
            var config = new Dictionary<string, string>();
            if (image.AspectRatio is { } ratio)
            {
                config["aspectRatio"] = ratio;
            }

            if (image.Size is { } size)
            {
                config["imageSize"] = size;
            }

            if (config.Count > 0)
            {
                chatOptions.AdditionalProperties[GeminiChatProperties.ImageConfig] = config;
            }
        }

        return chatOptions;
    }

    /// <summary>The whole answer in one response (a plain send).</summary>
    private async Task<Answered> ReadWholeAsync(
        List<ChatMessage> history, ChatOptions chatOptions, bool includeThoughts, LiveTurn turn, ReplyAssembler reply,
        CancellationToken cancellationToken)
    {
        var response = await gemini.GetResponseAsync(history, chatOptions, cancellationToken);
        if (response.AdditionalProperties?.TryGetValue(GeminiChatProperties.UpstreamTime, out TimeSpan waited) == true)
        {
            turn.WaitedForModel(waited);
        }

        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            reply.Add(AsAsked(content, includeThoughts));
        }

        return new Answered(FinishReasonOf(response.AdditionalProperties), response.ModelId, response.Usage);
    }

    /// <summary>The answer as Gemini streams it, each piece published to the turn's readers as it arrives.</summary>
    private async Task<Answered> ReadStreamedAsync(
        List<ChatMessage> history, ChatOptions chatOptions, bool includeThoughts, LiveTurn turn, ReplyAssembler reply, CancellationToken cancellationToken)
    {
        string? finishReason = null;
        await foreach (var update in gemini.GetStreamingResponseAsync(history, chatOptions, cancellationToken))
        {
            if (turn.ModelTimeToFirstEvent is null && update.AdditionalProperties?.TryGetValue(GeminiChatProperties.UpstreamTime, out TimeSpan waited) == true)
            {
                // Before the piece is published, so the batch that carries the first piece carries this too.
                turn.ModelTimeToFirstEvent = waited;
            }

            var sourcesCame = false;
            foreach (var received in update.Contents)
            {
                var content = AsAsked(received, includeThoughts);
                reply.Add(content);
                sourcesCame |= content is GeminiGroundingContent or GeminiUrlContextContent;
                turn.Publish(content);
                if (content is UsageContent { Details: var details })
                {
                    reply.Usage = details;
                }
            }

            if (sourcesCame)
            {
                // After the chunk's text, which the citations may point into.
                turn.PublishSources(reply.Grounding(streamed: true), reply.Urls);
            }

            finishReason = FinishReasonOf(update.AdditionalProperties) ?? finishReason;
            reply.Version = update.ModelId ?? reply.Version;
        }

        return new Answered(finishReason, reply.Version, reply.Usage);
    }

    /// <summary>How an answer ended: Gemini's finish reason, the model version that wrote it, the tokens it took.</summary>
    private sealed record Answered(string? FinishReason, string? Version, UsageDetails? Usage);

    /// <summary>
    /// Thought summaries nobody asked for (models have sent them without <c>includeThoughts</c>) go neither to the
    /// reader nor into history; a signature riding on one is kept on an empty thought part, as Gemini 3 needs it back.
    /// </summary>
    private static AIContent AsAsked(AIContent content, bool includeThoughts) => content switch
    {
        TextReasoningContent { Text.Length: > 0 } thought when !includeThoughts => new TextReasoningContent("") { ProtectedData = thought.ProtectedData },
        _ => content,
    };

    private static IEnumerable<AITool> ToolsOf(ChatTools tools)
    {
        if (tools.HasFlag(ChatTools.GoogleSearch))
        {
            yield return new HostedWebSearchTool();
        }

        if (tools.HasFlag(ChatTools.UrlContext))
        {
            yield return new GeminiUrlContextTool();
        }

        if (tools.HasFlag(ChatTools.CodeExecution))
        {
            yield return new HostedCodeInterpreterTool();
        }
    }

    private StoredMessage Answer(
        ReplyAssembler reply, GeminiModelOptions model, string? version, string? finishReason, UsageDetails? usage, bool streamed) =>
        new(MessageRole.AI, reply.Text, clock.GetUtcNow())
        {
            Model = version ?? model.Id,
            FinishReason = finishReason,
            Usage = ToTokenUsage(usage),
            Truncated = finishReason == "MAX_TOKENS",
            Thoughts = reply.Thoughts,
            Parts = reply.Parts,
            Steps = reply.Steps,
            Grounding = reply.Grounding(streamed),
            Urls = reply.Urls,
        };

    private static string? FinishReasonOf(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(GeminiChatProperties.FinishReason, out string? reason) == true ? reason : null;

    private static TokenUsage? ToTokenUsage(UsageDetails? usage) => usage is null ? null
        : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount)
        {
            ThoughtTokens = usage.ReasoningTokenCount,
            CachedTokens = usage.CachedInputTokenCount,
        };
}
