using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiClone.TestSupport;

/// <summary>A thin HTTP client that speaks the contract, so tests read like the walk-through in the README.</summary>
public sealed class ApiClient(HttpClient http)
{
    public const string Password = "correct horse battery";

    public HttpClient Http => http;

    /// <summary>A distinct valid Indian mobile number, written the way a user in India would type it.</summary>
    public static string NextMobileNumber() => TestMobileNumbers.Next();

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? token = null) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(body), token);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        SendAsync(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, contentType), null);

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    public async Task<TestUser> SignUpAsync(string? mobileNumber = null, string name = "Test User", string password = Password)
    {
        mobileNumber ??= NextMobileNumber();
        var response = await PostJsonAsync("/auth/signup", new { name, mobileNumber, password });
        var body = await response.ReadJsonAsync(HttpStatusCode.Created);
        return new TestUser(body["data"]!["id"]!.GetValue<string>(), mobileNumber, password);
    }

    public async Task<string> SendOtpAsync(string mobileNumber, string path = "/auth/send-otp")
    {
        var response = await PostJsonAsync(path, new { mobileNumber });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        return body["data"]!["otp"]!.GetValue<string>();
    }

    public async Task<string> SignInAsync(string mobileNumber)
    {
        var otp = await SendOtpAsync(mobileNumber);
        var response = await PostJsonAsync("/auth/verify-otp", new { mobileNumber, otp });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        return body["data"]!["token"]!.GetValue<string>();
    }

    /// <summary>A new user, signed in.</summary>
    public async Task<(TestUser User, string Token)> NewSessionAsync()
    {
        var user = await SignUpAsync();
        return (user, await SignInAsync(user.MobileNumber));
    }
}

public sealed record TestUser(string Id, string MobileNumber, string Password);

public static class ResponseAssertions
{
    /// <summary>Asserts the status (showing the body when it differs) and parses the JSON body.</summary>
    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem with the legacy members, and returns it.</summary>
    public static async Task<JsonNode> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.ReadJsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Assert.False(problem["success"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["type"]?.GetValue<string>()));
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Equal(detail, problem["message"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", problem.ToJsonString());
        return problem;
    }

    public static string Message(this JsonNode node) => node["message"]!.GetValue<string>();

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}

public static class ChatApi
{
    public static async Task<string> CreateChatroomAsync(this ApiClient api, string token, string? title = null)
    {
        var response = title is null
            ? await api.SendAsync(HttpMethod.Post, "/chatroom", null, token)
            : await api.PostJsonAsync("/chatroom", new { title }, token);
        return (await response.ReadJsonAsync(HttpStatusCode.Created))["data"]!["id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> SendMessageAsync(this ApiClient api, string token, string chatroomId, string message) =>
        api.PostJsonAsync($"/chatroom/{chatroomId}/message", new { message }, token);

    public static async Task<string> ChatAsync(this ApiClient api, string token, string chatroomId, string message) =>
        (await (await api.SendMessageAsync(token, chatroomId, message)).ReadJsonAsync(HttpStatusCode.OK))["data"]!.GetValue<string>();

    public static async Task<JsonNode> GetChatroomAsync(this ApiClient api, string token, string chatroomId, string query = "") =>
        (await (await api.GetAsync($"/chatroom/{chatroomId}{query}", token)).ReadJsonAsync(HttpStatusCode.OK))["data"]!;

    public static IReadOnlyList<(string Role, string Text)> Messages(this JsonNode chatroom) =>
        [.. chatroom["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), m["text"]!.GetValue<string>()))];

    /// <summary>Sends a message asking for server-sent events; <paramref name="query"/> is appended to the path.</summary>
    public static async Task<HttpResponseMessage> StreamAsync(this ApiClient api, string token, string chatroomId, string message, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/chatroom/{chatroomId}/message{query}")
        {
            Content = JsonContent.Create(new { message }),
        };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Parses the SSE framing by hand, as a browser would: <c>event:</c>, <c>data:</c>, blank line.</summary>
    public static async Task<List<(string Event, JsonNode Data)>> ReadEventsAsync(this HttpResponseMessage response)
    {
        var events = new List<(string, JsonNode)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null, data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                events.Add((name ?? "message", JsonNode.Parse(data)!));
                (name, data) = (null, null);
            }
        }

        return events;
    }
}
