namespace GeminiClone.Grains.Interfaces.Chatrooms;

/// <summary>
/// A file uploaded to a chatroom: what the chatroom keeps about it. The bytes live in the attachment store under
/// <see cref="Sha256"/> (content-addressed: the same file twice is stored once), never in grain state.
/// </summary>
/// <param name="Id">32 hex digits, unique.</param>
/// <param name="Name">The file name the client gave, for <c>Content-Disposition</c>; never a path.</param>
/// <param name="MediaType">Decided from the bytes, not from the client's word.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.Attachment")]
public sealed record Attachment(string Id, string Name, string MediaType, long Size, string Sha256, DateTimeOffset UploadedAt)
{
    [Id(6)] public int? Width { get; init; }

    [Id(7)] public int? Height { get; init; }

    /// <summary>The turn that sent it to Gemini; null while it waits to be sent and may still be deleted.</summary>
    [Id(8)] public string? UsedInTurn { get; init; }

    /// <summary>Where Gemini's Files API holds it, for files too large to send inline, until it forgets them.</summary>
    [Id(9)] public string? GeminiFileUri { get; init; }

    [Id(10)] public DateTimeOffset? GeminiFileExpiresAt { get; init; }
}

[GenerateSerializer, Alias("GeminiClone.Chatrooms.AttachmentAddStatus")]
public enum AttachmentAddStatus
{
    Added = 0,
    NotFound = 1,
    /// <summary>The chatroom already holds as many unsent attachments as it may.</summary>
    TooManyPending = 2,
    /// <summary>The chatroom's model does not read files of this type.</summary>
    UnsupportedByModel = 3,
    /// <summary>Larger than the owner's plan takes per file.</summary>
    TooLarge = 4,
    /// <summary>More than is left of the owner's allowance for today.</summary>
    OverDailyAllowance = 5,
}

/// <param name="MaxFileBytes">The largest file the owner's plan takes (with <see cref="AttachmentAddStatus.Added"/>).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.AttachmentUploadWindow")]
public sealed record AttachmentUploadWindow(AttachmentAddStatus Status, long MaxFileBytes);

/// <param name="Allowance">The owner's allowance as the reservation left it (none when the chatroom refused first).</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.AttachmentUploadReservation")]
public sealed record AttachmentUploadReservation(AttachmentAddStatus Status, Users.UploadAllowance? Allowance);

[GenerateSerializer, Alias("GeminiClone.Chatrooms.AttachmentDeleteStatus")]
public enum AttachmentDeleteStatus
{
    Deleted = 0,
    NotFound = 1,
    /// <summary>A turn sent it: it is part of the conversation now and goes with the chatroom.</summary>
    InUse = 2,
}
