using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>
/// Holds every response an API test receives to the served OpenAPI document: the status must be one the operation
/// lists, the content type one it declares for that status, and a JSON body must validate against its schema. A
/// response that does not is a failure of the test that received it, named by operation, status and schema error,
/// so no endpoint can drift from its description. Routes the document does not describe (the greeting, health,
/// the reference pages) pass untouched, and event streams are checked for their status and type only.
/// </summary>
internal sealed class OpenApiConformanceHandler(Func<Task<OpenApiContract?>> contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Head || request.RequestUri is null
            || await contract() is not { } document
            || document.Find(request.Method, request.RequestUri.AbsolutePath) is not { } operation)
        {
            return response;
        }

        if (await operation.CheckAsync(response, cancellationToken) is { } violation)
        {
            response.Dispose();
            throw new OpenApiViolationException(
                $"{request.Method} {request.RequestUri.PathAndQuery} ({operation.Id}) answered what the OpenAPI document does not describe: {violation}");
        }

        return response;
    }
}

public sealed class OpenApiViolationException(string message) : Exception(message);

/// <summary>The served document, read once per factory: its operations, and a validator per response schema.</summary>
internal sealed class OpenApiContract
{
    private static readonly Uri DocumentUri = new("https://geminiclone.test/openapi/v1.json");

    private readonly List<OpenApiOperationContract> _operations = [];

    private OpenApiContract(JsonNode document)
    {
        var registry = new SchemaRegistry();
        var documentElement = JsonSerializer.SerializeToElement(document);
        registry.Register(new JsonElementBaseDocument(documentElement, DocumentUri));
        var build = new BuildOptions { SchemaRegistry = registry };
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["responses"] is JsonObject responses)
                {
                    _operations.Add(new OpenApiOperationContract(
                        new HttpMethod(method.ToUpperInvariant()), path, operation["operationId"]?.GetValue<string>() ?? $"{method} {path}", responses, build));
                }
            }
        }
    }

    public static async Task<OpenApiContract?> LoadAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/openapi/v1.json");
        // A factory that switched the reference off (OpenApi:Enabled=false) has no document to hold its answers to.
        return response.StatusCode == HttpStatusCode.OK ? new OpenApiContract(JsonNode.Parse(await response.Content.ReadAsStringAsync())!) : null;
    }

    /// <summary>The operation for a path; a literal segment wins over a template (<c>/chatroom/search</c> over <c>/chatroom/{id}</c>).</summary>
    public OpenApiOperationContract? Find(HttpMethod method, string path) => _operations
        .Where(o => o.Method == method && o.Matches(path))
        .OrderBy(o => o.TemplateSegments)
        .FirstOrDefault();

    /// <summary>Refs into the components, made absolute so a response's schema can be built on its own.</summary>
    public static string Absolute(string schemaJson) => schemaJson.Replace("\"#/components/", $"\"{DocumentUri}#/components/", StringComparison.Ordinal);
}

internal sealed partial class OpenApiOperationContract
{
    private readonly Regex _path;
    private readonly JsonObject _responses;
    private readonly BuildOptions _build;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public OpenApiOperationContract(HttpMethod method, string template, string id, JsonObject responses, BuildOptions build)
    {
        Method = method;
        Id = id;
        _responses = responses;
        _build = build;
        TemplateSegments = TemplateSegment().Matches(template).Count;
        _path = new Regex("^" + TemplateSegment().Replace(Regex.Escape(template).Replace(@"\{", "{"), "[^/]+") + "/?$");
    }

    public HttpMethod Method { get; }

    public string Id { get; }

    public int TemplateSegments { get; }

    public bool Matches(string path) => _path.IsMatch(path);

    /// <summary>What in the response the document does not describe, or null.</summary>
    public async Task<string?> CheckAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var declared = _responses[status] ?? _responses[$"{status[0]}XX"] ?? _responses["default"];
        if (declared is null)
        {
            return $"status {status} is not among the operation's responses ({string.Join(", ", _responses.Select(r => r.Key))}).";
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var content = declared["content"] as JsonObject;
        if (mediaType is null)
        {
            return null;
        }

        if (content is null || content.Count == 0)
        {
            var length = response.Content.Headers.ContentLength;
            return length == 0 ? null : $"status {status} declares no body, but the response has one ({mediaType}).";
        }

        var match = content.FirstOrDefault(c => MediaTypeMatches(c.Key, mediaType));
        if (match.Value is null)
        {
            return $"status {status} declares {string.Join(", ", content.Select(c => c.Key))}, not {mediaType}.";
        }

        if (!IsJson(mediaType) || match.Value["schema"] is not { } schemaNode)
        {
            return null;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length == 0 ? null : CheckBody(body, $"{status} {match.Key}", schemaNode, $"status {status} {mediaType}");
    }

    /// <summary>What in a JSON body its declared schema does not allow, or null; <paramref name="described"/> says whose body it is.</summary>
    private string? CheckBody(string body, string schemaKey, JsonNode schemaNode, string described)
    {
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return $"{described} is not JSON: {e.Message}";
        }

        var schema = _schemas.GetOrAdd(schemaKey, _ => JsonSchema.FromText(OpenApiContract.Absolute(schemaNode.ToJsonString()), _build));
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return null;
        }

        var errors = new StringBuilder();
        foreach (var detail in (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(12))
        {
            errors.Append("\n  at ").Append(detail.InstanceLocation).Append(" (").Append(detail.EvaluationPath).Append("): ")
                .Append(string.Join("; ", detail.Errors!.Values));
        }

        return $"{described} does not match its schema:{errors}\n  body: {(body.Length > 600 ? body[..600] + "…" : body)}";
    }

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static bool MediaTypeMatches(string declared, string actual) =>
        declared == "*/*" || string.Equals(declared, actual, StringComparison.OrdinalIgnoreCase)
        || (declared.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(declared[..^1], StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex TemplateSegment();
}
