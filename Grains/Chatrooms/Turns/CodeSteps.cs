using System.Text;
using GeminiClone.Grains.Gemini;
using GeminiClone.Grains.Interfaces.Chatrooms;
using Microsoft.Extensions.AI;

namespace GeminiClone.Grains.Chatrooms.Turns;

/// <summary>
/// Code the model ran, in its three forms: the contents the Gemini adapter speaks
/// (<see cref="CodeInterpreterToolCallContent"/>, <see cref="CodeInterpreterToolResultContent"/>), the step a stored
/// message keeps, and the event a reader gets.
/// </summary>
internal static class CodeSteps
{
    public const string DefaultLanguage = "PYTHON";
    public const string DefaultOutcome = "OUTCOME_OK";

    public static AnswerStep Of(AIContent content) => content switch
    {
        CodeInterpreterToolCallContent call => new AnswerStep(AnswerStepKind.Code,
            Language: Property(call, GeminiChatProperties.CodeLanguage) ?? DefaultLanguage,
            Code: TextOf(call.Inputs),
            ThoughtSignature: Property(call, GeminiChatProperties.ThoughtSignature)),
        CodeInterpreterToolResultContent result => new AnswerStep(AnswerStepKind.Result,
            Outcome: Property(result, GeminiChatProperties.CodeOutcome) ?? DefaultOutcome,
            Output: TextOf(result.Outputs),
            ThoughtSignature: Property(result, GeminiChatProperties.ThoughtSignature)),
        _ => throw new ArgumentException($"{content.GetType().Name} is not a code step.", nameof(content)),
    };

    /// <summary>The step as Gemini sent it, signature in place, for the next turn's history.</summary>
    public static AIContent ToContent(AnswerStep step, int index)
    {
        var callId = $"code-{index}";
        AIContent content = step.Kind == AnswerStepKind.Code
            ? new CodeInterpreterToolCallContent(callId)
            {
                Inputs = [new TextContent(step.Code ?? "")],
                AdditionalProperties = new() { [GeminiChatProperties.CodeLanguage] = step.Language ?? DefaultLanguage },
            }
            : new CodeInterpreterToolResultContent(callId)
            {
                Outputs = [new TextContent(step.Output ?? "")],
                AdditionalProperties = new() { [GeminiChatProperties.CodeOutcome] = step.Outcome ?? DefaultOutcome },
            };
        if (step.ThoughtSignature is { } signature)
        {
            content.AdditionalProperties![GeminiChatProperties.ThoughtSignature] = signature;
        }

        return content;
    }

    public static TurnEvent ToEvent(AnswerStep step, int? sequence) => step.Kind switch
    {
        AnswerStepKind.Code => new TurnCode(sequence, step.Language ?? DefaultLanguage, step.Code ?? ""),
        AnswerStepKind.Result => new TurnCodeResult(sequence, step.Outcome ?? DefaultOutcome, step.Output ?? ""),
        _ => new TurnText(sequence, step.Text ?? ""),
    };

    private static string? Property(AIContent content, string key) =>
        content.AdditionalProperties?.TryGetValue(key, out string? value) == true ? value : null;

    /// <summary>The code or output: a text content, or the data content (<c>text/x-python</c>) other providers use.</summary>
    private static string TextOf(IEnumerable<AIContent>? contents) => contents?.FirstOrDefault() switch
    {
        TextContent text => text.Text,
        DataContent data => Encoding.UTF8.GetString(data.Data.Span),
        _ => "",
    };
}
