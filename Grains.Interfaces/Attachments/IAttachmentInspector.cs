namespace GeminiClone.Grains.Interfaces.Attachments;

/// <summary>What an upload's bytes turned out to be.</summary>
public sealed record InspectedFile(string MediaType, int? Width = null, int? Height = null);

/// <summary>Why an upload is refused: 415 for a type we do not take, 400 for a lie or a broken file.</summary>
public sealed record AttachmentRefusal(int StatusCode, string Detail);

/// <summary>
/// Decides what an uploaded file is from its bytes, never from its name or the client's word, against
/// <see cref="AttachmentOptions"/>; the gateway asks before the bytes go to the store
/// (<c>Grains/Adapters/Images/AttachmentInspector</c>).
/// </summary>
public interface IAttachmentInspector
{
    /// <summary>The file, or why it is refused. <paramref name="content"/> must be seekable; it is left anywhere.</summary>
    Task<(InspectedFile? File, AttachmentRefusal? Refusal)> InspectAsync(
        Stream content, string name, string? declaredType, CancellationToken cancellationToken = default);
}
