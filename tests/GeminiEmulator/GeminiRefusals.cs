using System.Text.Json.Nodes;

namespace GeminiClone.GeminiEmulator;

/// <summary>What Gemini refuses before it answers: the call itself, a model it shut down, and content it does not take.</summary>
internal static class GeminiRefusals
{
    /// <summary>The media types Gemini takes inline (images, documents, audio, video), as its docs list them.</summary>
    private static readonly HashSet<string> InlineTypes =
    [
        "image/png", "image/jpeg", "image/webp", "image/heic", "image/heif", "image/gif", "application/pdf", "text/plain",
        "audio/wav", "audio/mp3", "audio/aiff", "audio/aac", "audio/ogg", "audio/flac", "video/mp4", "video/mpeg", "video/webm",
    ];

    private static readonly string[] ThinkingLevels = ["minimal", "low", "medium", "high"];

    public static GeminiError? OfCall(string method, string apiKey)
    {
        if (method is not ("generateContent" or "streamGenerateContent"))
        {
            return new(404, "NOT_FOUND", $"Method {method} is not found.");
        }

        return string.IsNullOrEmpty(apiKey)
            ? new(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers. Please use an API key.")
            : null;
    }

    public static GeminiError? OfModel(string model, EmulatorOptions emulator)
    {
        lock (emulator.ShutDownModels)
        {
            return emulator.ShutDownModels.Contains(model)
                ? new(404, "NOT_FOUND", $"models/{model} is not found for API version v1beta, or is not supported for generateContent.")
                : null;
        }
    }

    public static GeminiError? OfContent(EmulatedTurn turn)
    {
        var request = turn.Request;
        // As Gemini does: every inline file needs a media type it reads and base64 that decodes.
        if (request.InlineData.FirstOrDefault(d => d.Bytes is null || !InlineTypes.Contains(d.MimeType)) is { MimeType: not null } bad)
        {
            return new(400, "INVALID_ARGUMENT", bad.Bytes is null
                ? "Invalid value at 'contents.parts.inline_data.data': base64 decoding failed."
                : $"Unsupported MIME type: {bad.MimeType}");
        }

        if (request.FileData.FirstOrDefault(f => turn.Files.Find(f.Uri) is null) is { Uri: not null } missing)
        {
            return new(403, "PERMISSION_DENIED", $"You do not have permission to access the File {missing.Uri} or it may not exist.");
        }

        if (ThinkingConfigError(turn.Model, request.ThinkingConfig) is { } thinkingError)
        {
            return new(400, "INVALID_ARGUMENT", thinkingError);
        }

        if (ImageRequestError(turn.Model, request) is { } imageError)
        {
            return new(400, "INVALID_ARGUMENT", imageError);
        }

        return (turn.Emulator.StrictSignatures || turn.Has("strict"))
            && request.ModelTurns.Any(t => !t.Signatures.Contains(GeminiEmulatorApp.SignatureFor(t.Text)))
            ? new(400, "INVALID_ARGUMENT", "A model turn in contents is missing its thought_signature.")
            : null;
    }

    /// <summary>
    /// Gemini's rules for images: modalities are TEXT or IMAGE (any case), only an image model (its id says "image")
    /// draws, and <c>imageConfig</c> takes the ratios and sizes Google lists (sizes with a capital K). The enum's
    /// wording is Gemini's; the image config's is ours.
    /// </summary>
    private static string? ImageRequestError(string model, RecordedRequest request)
    {
        var modalities = request.ResponseModalities;
        if (modalities.Select((m, i) => (m, i)).FirstOrDefault(x => x.m.ToUpperInvariant() is not ("TEXT" or "IMAGE")) is { m: not null } bad)
        {
            return $"Invalid value at 'generation_config.response_modalities[{bad.i}]' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality), \"{bad.m}\"";
        }

        if (modalities.Contains("IMAGE", StringComparer.OrdinalIgnoreCase) && !model.Contains("image", StringComparison.OrdinalIgnoreCase))
        {
            return "Model does not support the requested response modalities: image";
        }

        var ratio = request.ImageConfig?["aspectRatio"];
        if (ratio is not null && !(ratio is JsonValue r && r.TryGetValue<string>(out var text) && EmulatedImages.AspectRatios.Contains(text)))
        {
            return $"Unsupported aspect ratio: {ratio.ToJsonString()}. Supported values are {string.Join(", ", EmulatedImages.AspectRatios)}.";
        }

        var size = request.ImageConfig?["imageSize"];
        return size is not null && !(size is JsonValue z && z.TryGetValue<string>(out var sizeText) && EmulatedImages.ImageSizes.Contains(sizeText))
            ? $"Unsupported image size: {size.ToJsonString()}. Supported values are {string.Join(", ", EmulatedImages.ImageSizes)}."
            : null;
    }

    /// <summary>Gemini's rules: a level or a budget, never both; Gemini 3's four levels; no levels for 2.5 models.</summary>
    private static string? ThinkingConfigError(string model, JsonObject? thinking)
    {
        var level = thinking?["thinkingLevel"]?.GetValue<string>();
        if (level is not null && thinking?["thinkingBudget"] is not null)
        {
            return "You can only set one of thinking budget and thinking level.";
        }

        if (level is not null && !ThinkingLevels.Contains(level.ToLowerInvariant()))
        {
            return $"Invalid value at 'generation_config.thinking_config.thinking_level' ({level}).";
        }

        return level is not null && model.StartsWith("gemini-2.", StringComparison.Ordinal)
            ? "Thinking level is not supported for this model. Please use thinking budget instead."
            : null;
    }
}
