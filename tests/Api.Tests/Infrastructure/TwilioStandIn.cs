using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for Twilio's Messages API: <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>, form-encoded,
/// HTTP basic auth with the account SID and auth token, answered 201 with a Message in Twilio's JSON, or with
/// Twilio's error body (<c>{"code","message","more_info","status"}</c>). It records every try; answers other than
/// success are scripted per destination number, in order.
/// </summary>
public sealed class TwilioStandIn(WebApplication app, string url, string accountSid, string authToken) : LoopbackServer(app, url)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TwilioAnswer>> _scripts = new();

    public string AccountSid => accountSid;

    public string AuthToken => authToken;

    /// <summary>Every request that reached the Messages endpoint, accepted or not, in arrival order.</summary>
    public ConcurrentQueue<TwilioTry> Tries { get; } = new();

    public IReadOnlyList<TwilioTry> TriesTo(string e164) => Tries.Where(t => t.To == e164).ToList();

    public IReadOnlyList<TwilioTry> MessagesTo(string e164) => Tries.Where(t => t.To == e164 && t.Sid is not null).ToList();

    /// <summary>The next tries to <paramref name="e164"/> get these answers, one each, before the usual 201.</summary>
    public void Script(string e164, params TwilioAnswer[] answers)
    {
        var script = _scripts.GetOrAdd(e164, _ => new ConcurrentQueue<TwilioAnswer>());
        foreach (var answer in answers)
        {
            script.Enqueue(answer);
        }
    }

    public static async Task<TwilioStandIn> StartAsync(string accountSid, string authToken)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        TwilioStandIn? standIn = null;
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (string sid, HttpRequest request) => standIn!.CreateMessageAsync(sid, request));
        standIn = new TwilioStandIn(app, await StartAsync(app), accountSid, authToken);
        return standIn;
    }

    private async Task<IResult> CreateMessageAsync(string sid, HttpRequest request)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}"));
        if (request.Headers.Authorization.ToString() != expected || sid != accountSid)
        {
            return Error(401, 20003, "Authenticate");
        }

        if (!request.HasFormContentType)
        {
            return Error(400, 20001, "Expected a form-encoded body");
        }

        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var to = form.GetValueOrDefault("To") ?? "";
        var at = DateTimeOffset.UtcNow;
        if (to.Length == 0)
        {
            Tries.Enqueue(new TwilioTry(to, form, at, null));
            return Error(400, 21604, "A 'To' phone number is required.");
        }

        if (!form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid"))
        {
            Tries.Enqueue(new TwilioTry(to, form, at, null));
            return Error(400, 21603, "A 'From' phone number is required.");
        }

        if (_scripts.TryGetValue(to, out var script) && script.TryDequeue(out var answer))
        {
            Tries.Enqueue(new TwilioTry(to, form, at, null));
            if (answer.RetryAfterSeconds is { } seconds)
            {
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Error(answer.Status, answer.Code, answer.Message);
        }

        var messageSid = "SM" + Guid.NewGuid().ToString("N");
        Tries.Enqueue(new TwilioTry(to, form, at, messageSid));
        return Results.Json(Created(form, to, at, messageSid), statusCode: 201);
    }

    /// <summary>A message Twilio accepted, in Twilio's own shape, dates in RFC 2822 as it writes them.</summary>
    private Dictionary<string, object?> Created(Dictionary<string, string> form, string to, DateTimeOffset at, string messageSid)
    {
        var created = at.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        return new Dictionary<string, object?>
        {
            ["account_sid"] = accountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = form.GetValueOrDefault("Body"),
            ["date_created"] = created,
            ["date_sent"] = null,
            ["date_updated"] = created,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = form.GetValueOrDefault("From"),
            ["messaging_service_sid"] = form.GetValueOrDefault("MessagingServiceSid"),
            ["num_media"] = "0",
            ["num_segments"] = "1",
            ["price"] = null,
            ["price_unit"] = "USD",
            ["sid"] = messageSid,
            ["status"] = form.ContainsKey("MessagingServiceSid") ? "accepted" : "queued",
            ["subresource_uris"] = new Dictionary<string, string> { ["media"] = $"/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}/Media.json" },
            ["to"] = to,
            ["uri"] = $"/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}.json",
        };
    }

    private static IResult Error(int status, int code, string message) => Results.Json(new Dictionary<string, object?>
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = status,
    }, statusCode: status);
}

/// <summary>A scripted answer: an HTTP status with Twilio's error code, and a Retry-After in seconds if any.</summary>
public sealed record TwilioAnswer(int Status, int Code, string Message, int? RetryAfterSeconds = null);

/// <param name="Sid">The message SID when the try was accepted; null when it was answered with an error.</param>
public sealed record TwilioTry(string To, IReadOnlyDictionary<string, string> Form, DateTimeOffset At, string? Sid);
