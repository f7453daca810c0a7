using GeminiClone.Grains.Hosting;

namespace GeminiClone.Grains.Tests.Hosting;

public sealed class KeptReferenceTests
{
    [Fact]
    public void A_reference_is_made_once_for_a_key_and_anew_when_the_key_changes()
    {
        var made = new List<string>();
        var kept = new KeptReference<string, object>(key =>
        {
            made.Add(key);
            return new object();
        });

        var first = kept.For("a");
        var again = kept.For("a");
        var other = kept.For("b");
        var back = kept.For("a");

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.NotSame(first, back);
        Assert.Equal(["a", "b", "a"], made);
    }
}
