using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>An error as Gemini answers it: the status code and <c>{"error": {code, message, status, details}}</c>.</summary>
internal sealed record GeminiError(int Code, string Status, string Message, string? RetryDelay = null)
{
    public static readonly GeminiError InvalidJson = new(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");

    /// <summary>Gemini's usual answer with a status code (<c>[[error:CODE]]</c>, <c>[[flaky:N:CODE]]</c>); a 429 says to retry in 0.05 s.</summary>
    public static GeminiError For(int code) => code switch
    {
        429 => new(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", RetryDelay: "0.05s"),
        500 => new(500, "INTERNAL", "An internal error has occurred."),
        503 => new(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
        400 => new(400, "INVALID_ARGUMENT", "Request contains an invalid argument."),
        _ => new(code, "UNKNOWN", "Emulated error."),
    };

    public Task WriteAsync(HttpContext http)
    {
        var details = new JsonArray();
        if (RetryDelay is not null)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = RetryDelay });
        }

        http.Response.StatusCode = Code;
        return http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = Code, ["message"] = Message, ["status"] = Status, ["details"] = details },
        });
    }
}
