using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// Gemini's code execution tool (<c>{"code_execution": {}}</c>), for a message holding <c>[[code]]</c> (a run that
/// prints 45) or <c>[[code-error]]</c> (a run that raises): the model says what it will do, writes Python
/// (<c>executableCode</c>), gets its result (<c>codeExecutionResult</c>), then answers in a last text part. Without
/// the tool in the request the directives are plain text, as a model without the tool cannot run code.
/// </summary>
internal static class CodeExecution
{
    public const string Preamble = "I'll compute it.";

    /// <summary>The parts before the answer's last text: what the model says, the code, and how it ran.</summary>
    public static JsonObject[] Steps(bool failing) =>
    [
        new() { ["text"] = Preamble },
        new()
        {
            ["executableCode"] = new JsonObject { ["language"] = "PYTHON", ["code"] = failing ? "print(1 / 0)" : "print(sum(range(10)))" },
        },
        new()
        {
            ["codeExecutionResult"] = failing
                ? new JsonObject
                {
                    ["outcome"] = "OUTCOME_FAILED",
                    ["output"] = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nZeroDivisionError: division by zero\n",
                }
                : new JsonObject { ["outcome"] = "OUTCOME_OK", ["output"] = "45\n" },
        },
    ];

    /// <summary>What the last text adds to the usual reply, in the manner of its <c>[saw …]</c>.</summary>
    public static string Suffix(bool failing) => failing ? " [code failed: ZeroDivisionError]" : " [code printed 45]";
}
