using GeminiClone.Grains.Interfaces.Users;
using GeminiClone.Grains.Tests.Infrastructure;

namespace GeminiClone.Grains.Tests.Users;

internal static class UserFixtures
{
    public const string Password = "correct horse";

    /// <summary>Who signs in, as a gateway would pass it on.</summary>
    public static readonly SessionClient Client = new("tests/1.0", "203.0.113.1");

    public static async Task<IUserGrain> NewUserAsync(this ClusterFixture fixture)
    {
        var result = await fixture.Grains.GetGrain<IMobileNumberGrain>(TestMobileNumbers.NextE164()).SignUpAsync("Test user", Password);
        return fixture.Grains.GetGrain<IUserGrain>(result.User!.Id);
    }

    public static async Task<string> IssueCodeAsync(this IUserGrain user, OtpPurpose purpose)
    {
        var issued = await user.IssueOtpAsync(purpose);
        Assert.Equal(OtpIssueStatus.Issued, issued.Status);
        return issued.Code!;
    }

    /// <summary>A six-digit code that is surely not <paramref name="code"/>.</summary>
    public static string WrongCode(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");
}
