using System.Security.Cryptography;
using System.Text;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Chatrooms;

/// <summary>
/// What a stored turn's idempotency key names: where the turn's two messages are, and a fingerprint of the request
/// that made it, so a retry finds the answer and a different request under the same key is told apart.
/// </summary>
/// <param name="FirstSequence">The position of the turn's user message; the answer follows it.</param>
/// <param name="FromClient">The client's own key, kept for a day; else the gateway's, kept only for its retries.</param>
[GenerateSerializer, Alias("GeminiClone.Chatrooms.TurnReceipt")]
public sealed record TurnReceipt(string Key, string Fingerprint, int FirstSequence, DateTimeOffset ExpiresAt, bool FromClient)
{
    /// <summary>The turn's id, to find its answer among the versions once a regenerate has replaced it; null on older receipts.</summary>
    [Id(5)] public string? TurnId { get; init; }

    /// <summary>
    /// Where the turn's answer is when it does not follow its question in the log (a regenerate of an earlier answer
    /// appends the answer alone); null: at <see cref="FirstSequence"/> + 1.
    /// </summary>
    [Id(6)] public int? AnswerSequence { get; init; }

    public int AnswerId => AnswerSequence ?? FirstSequence + 1;

    /// <summary>A client may retry with its key for a day (the IETF Idempotency-Key draft leaves the window to us).</summary>
    public static readonly TimeSpan ClientKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// A key the gateway made for one HTTP request only has to outlive that request's retries (sent for 12 s, and
    /// perhaps queued behind a long turn); two minutes keeps the list short in a busy chatroom.
    /// </summary>
    public static readonly TimeSpan GatewayKeyLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Bounds what every turn writes: client keys are kept up to this many.</summary>
    public const int MaxClientReceipts = 500;

    /// <summary>The gateway's keys, newest first, up to this many (a retry comes within seconds).</summary>
    public const int MaxGatewayReceipts = 32;

    public static TurnReceipt For(ChatTurnRequest request, int firstSequence, DateTimeOffset now, int? answerSequence = null) => new(
        request.IdempotencyKey!, FingerprintOf(request), firstSequence,
        now + (request.IdempotencyKeyFromClient ? ClientKeyLifetime : GatewayKeyLifetime), request.IdempotencyKeyFromClient)
    {
        TurnId = request.TurnId,
        AnswerSequence = answerSequence is { } answer && answer != firstSequence + 1 ? answer : null,
    };

    /// <summary>
    /// The receipts to keep after adding <paramref name="added"/>: unexpired, and within both bounds (the newest of
    /// each kind), the client's first. Every turn with a key runs this, so it counts first and fills one list of the
    /// right size rather than growing lists and queues through LINQ (2.4 KB a turn in the allocation trace).
    /// </summary>
    public static List<TurnReceipt> Keep(IReadOnlyList<TurnReceipt>? current, TurnReceipt added, DateTimeOffset now)
    {
        current ??= [];
        var (clients, gateways) = added.FromClient ? (1, 0) : (0, 1);
        foreach (var receipt in current)
        {
            if (receipt.ExpiresAt > now)
            {
                (clients, gateways) = receipt.FromClient ? (clients + 1, gateways) : (clients, gateways + 1);
            }
        }

        var (skipClients, skipGateways) = (Math.Max(0, clients - MaxClientReceipts), Math.Max(0, gateways - MaxGatewayReceipts));
        var kept = new List<TurnReceipt>(clients - skipClients + gateways - skipGateways);
        AddNewest(kept, current, added, now, fromClient: true, skipClients);
        AddNewest(kept, current, added, now, fromClient: false, skipGateways);
        return kept;
    }

    /// <summary>The unexpired receipts of one kind, then <paramref name="added"/> if of that kind, less the oldest <paramref name="skip"/>.</summary>
    private static void AddNewest(List<TurnReceipt> kept, IReadOnlyList<TurnReceipt> current, TurnReceipt added, DateTimeOffset now, bool fromClient, int skip)
    {
        foreach (var receipt in current)
        {
            if (receipt.FromClient == fromClient && receipt.ExpiresAt > now && skip-- <= 0)
            {
                kept.Add(receipt);
            }
        }

        if (added.FromClient == fromClient && skip <= 0)
        {
            kept.Add(added);
        }
    }

    /// <summary>
    /// What makes two requests the same: what they do, the message and the per-turn thoughts choice. A send's
    /// fingerprint has no prefix, as before regenerate and edit existed, so stored receipts still match.
    /// </summary>
    public static string FingerprintOf(ChatTurnRequest request)
    {
        var kind = request.Kind switch
        {
            TurnKind.Send => "",
            TurnKind.Edit => $"edit {request.EditedSequence}\n",
            // The last answer's regenerate keeps its fingerprint of before branches, so stored receipts still match.
            _ => request.RegeneratedId is { } answer ? $"regenerate {answer}\n" : "regenerate\n",
        };
        // Likewise a send names the answer it follows only when the client chose one.
        kind += request.ParentId is { } parent ? $"parent {parent}\n" : "";
        // Attachments only when there are some, so receipts stored before attachments existed still match.
        var attachments = request.AttachmentIds is { Length: > 0 } ids ? $"attachments {string.Join(',', ids)}\n" : "";
        // Likewise tools, only when the message named its own.
        var tools = request.Tools is { } named ? $"tools {(int)named}\n" : "";
        var image = request.Image is { } asked ? $"image {asked.AspectRatio} {asked.Size}\n" : "";
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}{attachments}{tools}{image}{request.IncludeThoughts}\n{request.Text}")));
    }
}
