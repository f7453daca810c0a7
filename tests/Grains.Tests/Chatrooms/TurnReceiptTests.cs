using GeminiClone.Grains.Chatrooms;
using GeminiClone.Grains.Interfaces.Chatrooms;

namespace GeminiClone.Grains.Tests.Chatrooms;

public sealed class TurnReceiptTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Expired_receipts_leave_and_the_gateway_s_own_are_capped_newest_kept()
    {
        var clientKeys = Enumerable.Range(0, 40).Select(i => new TurnReceipt($"c{i}", "f", i, Now.AddHours(1), FromClient: true));
        var gatewayKeys = Enumerable.Range(0, 40).Select(i => new TurnReceipt($"g{i}", "f", i, Now.AddMinutes(1), FromClient: false));
        var expired = new TurnReceipt("old", "f", 0, Now.AddSeconds(-1), FromClient: true);
        var added = TurnReceipt.For(new ChatTurnRequest("hi") { IdempotencyKey = "new" }, 80, Now);

        var kept = TurnReceipt.Keep([expired, .. clientKeys, .. gatewayKeys], added, Now);

        Assert.DoesNotContain(kept, r => r.Key == "old");
        Assert.Equal(40, kept.Count(r => r.FromClient));
        Assert.Equal(TurnReceipt.MaxGatewayReceipts, kept.Count(r => !r.FromClient));
        Assert.Contains(kept, r => r.Key == "new" && r.ExpiresAt == Now + TurnReceipt.GatewayKeyLifetime);
        Assert.DoesNotContain(kept, r => r.Key == "g0");
    }

    [Fact]
    public void What_is_kept_is_the_newest_unexpired_of_each_kind_clients_first_in_order_whatever_the_mix()
    {
        var random = new Random(30);
        for (var round = 0; round < 200; round++)
        {
            var current = Enumerable.Range(0, random.Next(0, 600)).Select(i => new TurnReceipt(
                $"k{i}", "f", i, Now.AddMinutes(random.Next(-5, 60)), FromClient: random.Next(3) > 0)).ToList();
            var added = new TurnReceipt("added", "f", 600, Now.AddMinutes(1), FromClient: random.Next(2) == 0);

            var kept = TurnReceipt.Keep(current, added, Now);

            // The rule as plainly as it can be said: unexpired, the added one last, the newest of each kind, clients first.
            var live = current.Where(r => r.ExpiresAt > Now).Append(added).ToList();
            Assert.Equal(
                [.. live.Where(r => r.FromClient).TakeLast(TurnReceipt.MaxClientReceipts), .. live.Where(r => !r.FromClient).TakeLast(TurnReceipt.MaxGatewayReceipts)],
                kept);
            Assert.Equal(kept.Count, kept.Capacity);
        }
    }

    [Fact]
    public void The_fingerprint_tells_messages_and_the_thoughts_choice_apart()
    {
        var plain = TurnReceipt.FingerprintOf(new ChatTurnRequest("hello"));

        Assert.Equal(plain, TurnReceipt.FingerprintOf(new ChatTurnRequest("hello") { IdempotencyKey = "k" }));
        Assert.NotEqual(plain, TurnReceipt.FingerprintOf(new ChatTurnRequest("hello!")));
        Assert.NotEqual(plain, TurnReceipt.FingerprintOf(new ChatTurnRequest("hello", IncludeThoughts: true)));
    }

    [Fact]
    public void A_messages_own_tools_and_image_request_are_part_of_what_it_asks()
    {
        var plain = TurnReceipt.FingerprintOf(new ChatTurnRequest("hello"));
        var searched = TurnReceipt.FingerprintOf(new ChatTurnRequest("hello") { Tools = ChatTools.GoogleSearch });
        var wide = TurnReceipt.FingerprintOf(new ChatTurnRequest("hello") { Image = new ImageRequest("16:9", null) });

        Assert.Equal(3, new[] { plain, searched, wide }.Distinct().Count());
        Assert.NotEqual(wide, TurnReceipt.FingerprintOf(new ChatTurnRequest("hello") { Image = new ImageRequest("1:1", null) }));
        // A request without them keeps the fingerprint receipts stored before they existed were made with.
        Assert.Equal(plain, TurnReceipt.FingerprintOf(new ChatTurnRequest("hello") { Tools = null, Image = null }));
    }
}
