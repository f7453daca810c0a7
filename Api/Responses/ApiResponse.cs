
namespace GeminiClone.Api.Responses;

/// <summary>The original's success envelope: <c>{"success": true, "message": "...", "data": ...}</c>.</summary>
public sealed record ApiResponse<T>(bool Success, string Message, T Data);

public static class ApiResponse
{
    public static ApiResponse<T> Ok<T>(string message, T data) => new(true, message, data);
}
