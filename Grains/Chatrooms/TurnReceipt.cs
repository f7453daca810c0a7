using System.Security.Cryptography;
using System.Text;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// What a stored turn's idempotency key names: where the turn's two messages are, and a fingerprint of the request
/// that made it, so a retry finds the answer and a different request under the same key is told apart.
/// </summary>
/// <param name="FirstSequence">The position of the turn's user message; the answer follows it.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnReceipt")]
public sealed record TurnReceipt(string Key, string Fingerprint, int FirstSequence, DateTimeOffset ExpiresAt)
{
    /// <summary>A client may retry with its key for a day (the IETF Idempotency-Key draft leaves the window to us).</summary>
    public static readonly TimeSpan ClientKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>A key the gateway made for one HTTP request only has to outlive that request's retries.</summary>
    public static readonly TimeSpan GatewayKeyLifetime = TimeSpan.FromMinutes(15);

    public static TurnReceipt For(ChatTurnRequest request, int firstSequence, DateTimeOffset now) => new(
        request.IdempotencyKey!, FingerprintOf(request), firstSequence,
        now + (request.IdempotencyKeyFromClient ? ClientKeyLifetime : GatewayKeyLifetime));

    /// <summary>What makes two requests the same: the message and the per-turn thoughts choice.</summary>
    public static string FingerprintOf(ChatTurnRequest request) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{request.IncludeThoughts}\n{request.Text}")));
}
