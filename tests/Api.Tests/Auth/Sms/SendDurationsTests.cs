using GeminiClone.Api.Adapters.Twilio;


namespace GeminiClone.Api.Tests.Auth.Sms;

public sealed class SendDurationsTests
{
    [Fact]
    public void An_imitated_send_takes_about_as_long_as_recent_sends_took()
    {
        var durations = new SendDurations();
        for (var i = 0; i < 300; i++)
        {
            durations.Record(TimeSpan.FromMilliseconds(1_000));
        }

        var imitations = Enumerable.Range(0, 100).Select(_ => durations.NextImitation().TotalMilliseconds).ToList();

        Assert.All(imitations, ms => Assert.InRange(ms, 790, 1_210));
        Assert.True(imitations.Max() - imitations.Min() > 100, "imitations spread as real sends do");
    }

    [Fact]
    public void The_average_follows_a_change_in_how_long_sends_take()
    {
        var durations = new SendDurations();
        for (var i = 0; i < 300; i++)
        {
            durations.Record(TimeSpan.FromMilliseconds(2_000));
        }

        for (var i = 0; i < 300; i++)
        {
            durations.Record(TimeSpan.FromMilliseconds(100));
        }

        Assert.InRange(durations.NextImitation().TotalMilliseconds, 79, 121);
    }
}
