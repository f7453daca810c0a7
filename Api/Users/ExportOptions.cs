namespace GeminiClone.Api.Users;

/// <summary>How <c>GET /user/export</c> writes attachments (section <c>Export</c>).</summary>
public sealed class ExportOptions
{
    public const string Section = "Export";

    public ExportedAttachments Attachments { get; set; } = ExportedAttachments.Links;
}

public enum ExportedAttachments
{
    /// <summary>Each attachment's metadata and the path that downloads it (while the account exists).</summary>
    Links = 0,

    /// <summary>Also the bytes themselves, base64 in the document, streamed a chunk at a time: a self-contained archive.</summary>
    Base64 = 1,
}
