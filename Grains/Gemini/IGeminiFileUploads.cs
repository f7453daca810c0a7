namespace GeminiClone.Grains.Gemini;

/// <summary>
/// Gemini's Files API as a turn needs it: a file too large to send inline is uploaded, once Gemini has processed it,
/// and referred to by its URI until Gemini forgets it (<c>Grains/Adapters/Gemini/GeminiFiles</c>).
/// </summary>
public interface IGeminiFileUploads
{
    /// <summary>Uploads <paramref name="size"/> bytes of <paramref name="content"/> (read once, from its position).</summary>
    Task<GeminiFileRef> UploadAsync(Stream content, long size, string mimeType, string displayName, CancellationToken cancellationToken);
}
