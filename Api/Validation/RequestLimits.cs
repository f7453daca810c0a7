
namespace GeminiClone.Api.Validation;

/// <summary>The contract's field limits, in one place so the validators and the docs agree.</summary>
public static class RequestLimits
{
    public const int MaxJsonBodyBytes = 64 * 1024;
    public const int NameMaxLength = 100;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int MobileNumberMaxLength = 32;
    public const int OtpMaxLength = 16;
    public const int TitleMaxLength = 200;
    public const int MessageMaxLength = 8000;
    public const int PageMaxMessages = 500;
    public const int ModelIdMaxLength = 100;
    public const int ThinkingLevelMaxLength = 16;

    /// <summary>A bound on the request's shape; the configured per-message limit (Attachments:MaxPerMessage) is checked too.</summary>
    public const int MaxAttachmentIds = 100;
}
