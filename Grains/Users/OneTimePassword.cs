using System.Security.Cryptography;
using System.Text;

namespace GeminiClone.Grains.Users;

/// <summary>
/// Six-digit codes from the OS CSPRNG, kept as an HMAC under a per-code random salt and compared in constant
/// time. A six-digit space is small, so the hash alone is no defence against someone holding the database; the
/// attempt limit and short lifetime are what make guessing hopeless, the hash keeps codes out of backups and logs.
/// </summary>
internal static class OneTimePassword
{
    public const int Length = 6;

    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");

    public static PendingOtp Issue(string code, DateTimeOffset now, TimeSpan lifetime)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new PendingOtp(salt, Hash(salt, code), now, now + lifetime, FailedAttempts: 0);
    }

    /// <summary>A pending record for a code that was never made: a random hash no typed code can match.</summary>
    public static PendingOtp Unmatchable(DateTimeOffset now, TimeSpan lifetime) =>
        new(RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(32), now, now + lifetime, FailedAttempts: 0);

    public static bool Matches(PendingOtp pending, string candidate) =>
        CryptographicOperations.FixedTimeEquals(pending.Hash, Hash(pending.Salt, candidate.Trim()));

    private static byte[] Hash(byte[] salt, string code) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code));
}
