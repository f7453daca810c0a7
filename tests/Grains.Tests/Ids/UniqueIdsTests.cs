using GeminiClone.Grains.Interfaces.Chatrooms;
using GeminiClone.Grains.Interfaces.Ids;

namespace GeminiClone.Grains.Tests.Ids;

public sealed class UniqueIdsTests
{
    [Fact]
    public void Ids_are_version_4_guids_of_the_rfc_variant_and_never_repeat()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => UniqueIds.NewGuid()).ToList();

        Assert.All(ids, id => Assert.Equal(4, id.Version));
        // RFC 9562's variant is 10xx in the top bits of the 17th hex digit: 8, 9, a or b.
        Assert.All(ids, id => Assert.Contains(id.ToString("N")[16], "89ab"));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_drawn_on_many_threads_at_once_never_repeat()
    {
        var ids = new Guid[8][];
        Parallel.For(0, ids.Length, thread => ids[thread] = [.. Enumerable.Range(0, 20_000).Select(_ => UniqueIds.NewGuid())]);

        Assert.Equal(8 * 20_000, ids.SelectMany(batch => batch).Distinct().Count());
    }

    [Fact]
    public void Requests_made_without_an_id_each_get_their_own()
    {
        var requests = Enumerable.Range(0, 1_000).Select(_ => new ChatTurnRequest("hi")).ToList();

        Assert.Equal(requests.Count, requests.Select(r => r.TurnId).Distinct().Count());
        Assert.All(requests, r => Assert.NotEqual(Guid.Empty, r.RequestId));
    }
}
