using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiClone.TestSupport;

namespace GeminiClone.Benchmarks.Load;

/// <summary>
/// Speaks the REST contract (shared/api-contract.md), so the same tool drives GeminiClone or the original service.
/// It makes its own users (the OTP comes back in the response, as both services do by default) and chatrooms.
/// </summary>
public sealed class ContractClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<string> NewUserTokenAsync()
    {
        var mobileNumber = TestMobileNumbers.Next();
        await PostAsync("/auth/signup", new { name = "Load user", mobileNumber, password = "load-test-password" }, null);
        var otp = (await PostAsync("/auth/send-otp", new { mobileNumber }, null))["data"]!["otp"]!.ToString();
        return (await PostAsync("/auth/verify-otp", new { mobileNumber, otp }, null))["data"]!["token"]!.GetValue<string>();
    }

    public async Task<string> NewChatroomAsync(string token, string title = "load") =>
        (await PostAsync("/chatroom", new { title }, token))["data"]!["id"]!.ToString();

    /// <summary>A chatroom without a title: its first answer makes the service ask the model for one.</summary>
    public async Task<string> NewUntitledChatroomAsync(string token) =>
        (await PostAsync("/chatroom", new { }, token))["data"]!["id"]!.ToString();

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null, bool stream = false)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        return request;
    }

    /// <summary>
    /// A JSON body with its length, as browsers and mobile clients send one. <c>JsonContent</c> writes it as it
    /// serializes, so HTTP/1.1 sends it chunked, which costs the service a body pipe and chunk parsing per request that
    /// real clients do not make it pay.
    /// </summary>
    private static ByteArrayContent Json(object body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private async Task<JsonNode> PostAsync(string path, object body, string? token)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Post, path, token, body));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }
}
