using System.Text;
using GeminiClone.Grains.Adapters.Gemini;
using GeminiClone.Grains.Gemini;
using GeminiClone.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiClone.Grains.Tests.Gemini;

/// <summary>
/// A whole response is read from its bytes when it is UTF-8 (what Gemini sends, with or without the charset named),
/// and decoded to text first in any other charset; either way the answer is the same.
/// </summary>
public sealed class GeminiResponseCharsetTests
{
    private const string Answer = """
        {"candidates":[{"content":{"parts":[{"text":"Grüße, 日本語 — done"}],"role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":6,"totalTokenCount":10},"modelVersion":"gemini-test"}
        """;

    [Theory]
    [InlineData("application/json; charset=UTF-8", "utf-8")]
    [InlineData("application/json; charset=\"utf-8\"", "utf-8")]
    [InlineData("application/json", "utf-8")]
    [InlineData("application/json; charset=utf-16", "utf-16")]
    public async Task The_answer_reads_the_same_in_any_charset_named(string contentType, string encoding)
    {
        await using var gemini = await FixedAnswerServer.StartAsync(contentType, Encoding.GetEncoding(encoding).GetBytes(Answer));
        await using var services = Services(gemini.Url);

        var answer = await services.GetRequiredService<IChatClient>().GetResponseAsync("Hello");

        Assert.Equal("Grüße, 日本語 — done", answer.Text);
        Assert.Equal(10, answer.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_bad_response()
    {
        await using var gemini = await FixedAnswerServer.StartAsync("application/json; charset=utf-8", "<html>busy</html>"u8.ToArray());
        await using var services = Services(gemini.Url);

        await Assert.ThrowsAsync<GeminiBadResponseException>(() => services.GetRequiredService<IChatClient>().GetResponseAsync("Hello"));
    }

    private static ServiceProvider Services(string url)
    {
        var services = new ServiceCollection().AddLogging();
        services.Configure<GeminiOptions>(options =>
        {
            options.BaseUrl = url;
            options.ApiKey = "test-key";
        });
        services.AddGeminiChatClient();
        return services.BuildServiceProvider();
    }

    /// <summary>Gemini's <c>generateContent</c> answering one fixed body, as the bytes and content type given.</summary>
    private sealed class FixedAnswerServer(WebApplication app, string url) : LoopbackServer(app, url)
    {
        public static async Task<FixedAnswerServer> StartAsync(string contentType, byte[] body)
        {
            var app = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]).Build();
            app.MapPost("/v1beta/models/{*modelAndMethod}", async (HttpContext context) =>
            {
                context.Response.ContentType = contentType;
                await context.Response.Body.WriteAsync(body);
            });
            return new FixedAnswerServer(app, await StartAsync(app));
        }
    }
}
