namespace GeminiClone.Api.Tests.Infrastructure;

/// <summary>
/// A message whose streamed answer stops after its first piece until the test releases it (the emulator's
/// <c>[[hold:KEY]]</c>): a turn that is still generating for exactly as long as a test needs. Answers timed with chunk
/// intervals raced the machine: on a busy one a turn ended before the stop meant for it, or outlived its Gemini deadline.
/// </summary>
public sealed record HeldAnswer(string Message, string Key)
{
    /// <summary>
    /// Twenty pieces after the first, 60 ms apart once released (further apart than the gateway gathers pieces), so a
    /// reader gets them live, one by one.
    /// </summary>
    public static HeldAnswer Of(string tag)
    {
        var key = $"held-{Guid.NewGuid():N}";
        var words = string.Join(' ', Enumerable.Range(1, 24).Select(i => $"w{i}"));
        return new($"{tag} {words} [[chunks:20]] [[chunk-interval:60]] [[hold:{key}]]", key);
    }
}
