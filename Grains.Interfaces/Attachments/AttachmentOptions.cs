using System.ComponentModel.DataAnnotations;
using GeminiClone.Grains.Interfaces.Users;

namespace GeminiClone.Grains.Interfaces.Attachments;

/// <summary>What may be attached, and how much (section <c>Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>Media types accepted, as decided from the bytes.</summary>
    [Required, MinLength(1)]
    public List<string> AllowedTypes { get; set; } =
        ["image/png", "image/jpeg", "image/webp", "image/heic", "image/heif", "image/gif", "application/pdf", "text/plain"];

    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long BasicMaxBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 2L * 1024 * 1024 * 1024)]
    public long ProMaxBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>
    /// An image declaring more pixels is refused before anything decodes it (a decompression bomb declares
    /// 50,000 × 50,000 in a few hundred bytes). 100 million pixels leaves room for any phone's photo.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public long MaxImagePixels { get; set; } = 100_000_000;

    /// <summary>Uploaded but not yet sent: a client cannot park unbounded files in a chatroom.</summary>
    [Range(1, 1000)]
    public int MaxPendingPerChatroom { get; set; } = 20;

    /// <summary>At most this many files go with one message.</summary>
    [Range(1, 100)]
    public int MaxPerMessage { get; set; } = 5;

    /// <summary>
    /// The most bytes of files one request to Gemini carries inline (Gemini takes up to 100 MB per request since
    /// January 2026; base64 makes bytes a third larger). The message's own files must fit; earlier messages' files
    /// are sent again, newest first, while they fit, and named in a note when they do not.
    /// </summary>
    [Range(1, 75L * 1024 * 1024)]
    public long MaxInlineBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Bytes of attachments one user may upload per UTC day, by plan.</summary>
    [Range(1, long.MaxValue)]
    public long BasicDailyBytes { get; set; } = 100L * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long ProDailyBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    public long DailyBytesFor(UserTier tier) => tier == UserTier.Pro ? ProDailyBytes : BasicDailyBytes;

    public long MaxBytesFor(UserTier tier) => tier == UserTier.Pro ? ProMaxBytes : BasicMaxBytes;

    /// <summary>The largest upload any plan may make: the gateway's request body limit for the upload endpoint.</summary>
    public long LargestUpload => Math.Max(BasicMaxBytes, ProMaxBytes);
}
