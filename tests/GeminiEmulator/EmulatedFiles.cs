using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>
/// Gemini's Files API, emulated: a resumable upload (start, then <c>upload, finalize</c> with the bytes), a file
/// that is <c>PROCESSING</c> until its first poll and <c>ACTIVE</c> after, and forgotten after
/// <see cref="EmulatorOptions.FileLifetime"/> (48 hours at Gemini), after which a request naming it is refused.
/// </summary>
public sealed class EmulatedFiles
{
    private readonly ConcurrentDictionary<string, PendingUpload> _pending = new();
    private readonly ConcurrentDictionary<string, StoredFile> _files = new();

    /// <summary>Every file uploaded, in order.</summary>
    public IReadOnlyList<StoredFile> Uploaded => [.. _files.Values.OrderBy(f => f.UploadedAt)];

    public static void Map(WebApplication app)
    {
        app.MapPost("/upload/v1beta/files", async (HttpContext http, EmulatedFiles files, Microsoft.Extensions.Options.IOptions<EmulatorOptions> options) =>
        {
            var command = http.Request.Headers["X-Goog-Upload-Command"].ToString();
            if (command == "start")
            {
                var id = Guid.NewGuid().ToString("N")[..12];
                var body = await JsonNode.ParseAsync(http.Request.Body);
                files._pending[id] = new PendingUpload(
                    http.Request.Headers["X-Goog-Upload-Header-Content-Type"].ToString(),
                    long.Parse(http.Request.Headers["X-Goog-Upload-Header-Content-Length"].ToString(), System.Globalization.CultureInfo.InvariantCulture),
                    body?["file"]?["display_name"]?.GetValue<string>());
                http.Response.Headers["X-Goog-Upload-URL"] = $"{http.Request.Scheme}://{http.Request.Host}/upload/v1beta/files?upload_id={id}";
                return Results.Json(new JsonObject());
            }

            if (command != "upload, finalize" || http.Request.Query["upload_id"].ToString() is not { Length: > 0 } uploadId
                || !files._pending.TryRemove(uploadId, out var pending))
            {
                return Results.Json(Error(400, "INVALID_ARGUMENT", "Not a resumable upload this server started."), statusCode: 400);
            }

            using var bytes = new MemoryStream();
            await http.Request.Body.CopyToAsync(bytes);
            if (bytes.Length != pending.Length)
            {
                return Results.Json(Error(400, "INVALID_ARGUMENT", "The upload's length is not the length announced."), statusCode: 400);
            }

            var file = new StoredFile($"files/{uploadId}", $"{http.Request.Scheme}://{http.Request.Host}/v1beta/files/{uploadId}",
                pending.MimeType, pending.DisplayName, bytes.ToArray(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + options.Value.FileLifetime);
            files._files[file.Uri] = file;
            return Results.Json(new JsonObject { ["file"] = file.ToJson() });
        });

        app.MapGet("/v1beta/files/{id}", (string id, EmulatedFiles files) =>
        {
            var file = files._files.Values.FirstOrDefault(f => f.Name == $"files/{id}");
            if (file is null)
            {
                return Results.Json(Error(403, "PERMISSION_DENIED", $"You do not have permission to access the File {id} or it may not exist."), statusCode: 403);
            }

            file.Polled = true;
            return Results.Json(file.ToJson());
        });
    }

    /// <summary>The file a request names, if Gemini still has it.</summary>
    public StoredFile? Find(string uri) =>
        _files.TryGetValue(uri, out var file) && file.ExpiresAt > DateTimeOffset.UtcNow ? file : null;

    internal static JsonObject Error(int code, string status, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } };

    private sealed record PendingUpload(string MimeType, long Length, string? DisplayName);
}

public sealed class StoredFile(string name, string uri, string mimeType, string? displayName, byte[] bytes, DateTimeOffset uploadedAt, DateTimeOffset expiresAt)
{
    public string Name => name;
    public string Uri => uri;
    public string MimeType => mimeType;
    public string? DisplayName => displayName;
    public byte[] Bytes => bytes;
    public DateTimeOffset UploadedAt => uploadedAt;
    public DateTimeOffset ExpiresAt => expiresAt;

    /// <summary>Processing ends when a client first asks, so a client that does not poll sees it unfinished.</summary>
    public bool Polled { get; set; }

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["displayName"] = DisplayName,
        ["mimeType"] = MimeType,
        ["sizeBytes"] = Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["uri"] = Uri,
        ["state"] = Polled ? "ACTIVE" : "PROCESSING",
        ["expirationTime"] = ExpiresAt.ToString("O"),
    };
}
