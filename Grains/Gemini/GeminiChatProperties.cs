using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Gemini;

/// <summary>
/// What Gemini has beyond <see cref="IChatClient"/>'s common surface, as the keys of its <c>AdditionalProperties</c>
/// by which the turns and the Gemini adapter agree: the turns set and read them, the adapter maps them to the wire.
/// </summary>
public static class GeminiChatProperties
{
    /// <summary><see cref="ChatOptions.AdditionalProperties"/> key: Gemini 3's <c>thinkingLevel</c> (<c>minimal</c> to <c>high</c>).</summary>
    public const string ThinkingLevel = "gemini.thinkingLevel";

    /// <summary><see cref="ChatOptions.AdditionalProperties"/> key: Gemini 2.5's <c>thinkingBudget</c> in tokens (-1 dynamic, 0 off).</summary>
    public const string ThinkingBudget = "gemini.thinkingBudget";

    /// <summary>
    /// <see cref="AIContent.AdditionalProperties"/> key on a <see cref="TextContent"/>, a <see cref="DataContent"/> (an
    /// image the model made) or a code content: the part's thought signature. On a <see cref="TextReasoningContent"/>
    /// (a thought part) the signature is its <c>ProtectedData</c>.
    /// </summary>
    public const string ThoughtSignature = "gemini.thoughtSignature";

    /// <summary>
    /// <see cref="ChatResponse.AdditionalProperties"/> and <see cref="ChatResponseUpdate.AdditionalProperties"/> key:
    /// Gemini's own finish reason, which <see cref="ChatFinishReason"/> folds together (every safety reason is ContentFilter).
    /// </summary>
    public const string FinishReason = "gemini.finishReason";

    /// <summary>
    /// <see cref="ChatResponse.AdditionalProperties"/> key: how long the HTTP exchange with Gemini took (a
    /// <see cref="TimeSpan"/>, from sending the request until the response's headers, the pipeline's retries
    /// included): the model's share of a turn's time, which the gateway reports as <c>Server-Timing</c>. On a stream's
    /// first <see cref="ChatResponseUpdate"/> (its <see cref="ChatResponseUpdate.AdditionalProperties"/>): from
    /// sending the request until that first event was read, the model's share of the stream's first event.
    /// </summary>
    public const string UpstreamTime = "gemini.upstreamTime";

    /// <summary>
    /// <see cref="AIContent.AdditionalProperties"/> key on a <see cref="CodeInterpreterToolCallContent"/> (whose one
    /// input is a <see cref="TextContent"/> holding the code): <c>executableCode.language</c>, e.g. <c>PYTHON</c>.
    /// </summary>
    public const string CodeLanguage = "gemini.codeLanguage";

    /// <summary>
    /// <see cref="AIContent.AdditionalProperties"/> key on a <see cref="CodeInterpreterToolResultContent"/> (whose one
    /// output is a <see cref="TextContent"/> holding what the code printed): <c>codeExecutionResult.outcome</c>,
    /// e.g. <c>OUTCOME_OK</c>.
    /// </summary>
    public const string CodeOutcome = "gemini.codeOutcome";

    /// <summary>
    /// <see cref="ChatOptions.AdditionalProperties"/> key: <c>generationConfig.responseModalities</c>, a
    /// <c>string[]</c> such as <c>["TEXT", "IMAGE"]</c> (an image model asked to draw).
    /// </summary>
    public const string ResponseModalities = "gemini.responseModalities";

    /// <summary>
    /// <see cref="ChatOptions.AdditionalProperties"/> key: <c>generationConfig.imageConfig</c>, an
    /// <c>IReadOnlyDictionary&lt;string, string&gt;</c> with <c>aspectRatio</c> and/or <c>imageSize</c>.
    /// </summary>
    public const string ImageConfig = "gemini.imageConfig";

    /// <summary>
    /// <see cref="ChatOptions.AdditionalProperties"/> key, <c>true</c>: one HTTP attempt, without the pipeline's retries
    /// (a caller that retries itself, within a budget of its own: a chatroom's title).
    /// </summary>
    public const string SingleAttempt = "gemini.singleAttempt";
}
