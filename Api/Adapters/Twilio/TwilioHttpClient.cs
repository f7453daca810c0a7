using Twilio.Http;
using Request = Twilio.Http.Request;

namespace GeminiClone.Api.Adapters.Twilio;

/// <summary>
/// The SDK's own HTTP client (it builds Twilio's form bodies and basic auth, reads its JSON and errors) over a client
/// from <see cref="IHttpClientFactory"/>, so connections are pooled and traced like every other outgoing call.
/// With <c>TWILIO_API_BASE</c> each request goes to that scheme, host and port instead, path and query kept.
/// One instance serves one attempt: <see cref="global::Twilio.Http.HttpClient.LastResponse"/> is then that attempt's
/// response, whose Retry-After the SDK's exceptions do not carry.
/// </summary>
internal sealed class TwilioHttpClient(System.Net.Http.HttpClient http, Uri? apiBase) : SystemNetHttpClient(http)
{
    public override Task<Response> MakeRequestAsync(Request request) =>
        base.MakeRequestAsync(apiBase is null ? request : Rebase(request, apiBase));

    private static Request Rebase(Request request, Uri apiBase)
    {
        var original = request.ConstructUrl();
        var target = new UriBuilder(original)
        {
            Scheme = apiBase.Scheme,
            Host = apiBase.Host,
            Port = apiBase.Port,
            Path = apiBase.AbsolutePath.TrimEnd('/') + original.AbsolutePath,
        };

        // Region and edge are left behind on purpose: they would rewrite the host again.
        var rebased = new Request(request.Method, target.Uri.AbsoluteUri)
        {
            Username = request.Username,
            Password = request.Password,
            AuthStrategy = request.AuthStrategy,
            UserAgentExtensions = request.UserAgentExtensions,
            ContentType = request.ContentType,
            Body = request.Body,
        };
        rebased.PostParams.AddRange(request.PostParams);
        rebased.HeaderParams.AddRange(request.HeaderParams);
        return rebased;
    }
}
