namespace GeminiClone.Api.Chatrooms;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): a
/// structured-field string, so the quoted form <c>"…"</c> is the standard one; the bare token many clients send is
/// taken too. Keys are scoped to the chatroom (and so to its owner) by the chatroom grain that stores them.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>Set on an answer that repeats the stored outcome of an earlier request with the same key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MaxLength = 255;

    public const string FormatDetail =
        "Idempotency-Key must be one header of 1 to 255 visible ASCII characters, e.g. \"8e03978e-40d5-43e8-bc93-6894a57f9324\".";

    /// <summary>False for a malformed key (a 400); true with null when the client sent none.</summary>
    public static bool TryRead(HttpRequest request, out string? key)
    {
        key = null;
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { } raw)
        {
            return false;
        }

        var value = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;
        if (value.Length is 0 or > MaxLength || !value.All(c => c is >= '!' and <= '~') || value.Contains('"') || value.Contains('\\'))
        {
            return false;
        }

        key = value;
        return true;
    }

    /// <summary>
    /// The gateway's own key for a request that came without one: its request id, which is new for every HTTP request
    /// and kept across the gateway's retries of it, as the key must be (and costs no second draw from the kernel's
    /// random source); prefixed, so logs tell it from a client's.
    /// </summary>
    public static string GatewayKeyFor(Guid requestId) => $"gateway:{requestId:N}";
}
