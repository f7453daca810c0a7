using BenchmarkDotNet.Attributes;
using GeminiClone.Grains.Users;
using Microsoft.AspNetCore.Identity;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>The deliberate costs: OTPs are cheap to check; passwords are expensive to hash on purpose (PBKDF2).</summary>
[ShortRunJob, MemoryDiagnoser]
public class HashingBenchmarks
{
    private readonly PasswordHasher<UserState> _passwords = new();
    private readonly UserState _user = new();
    private PendingOtp _otp = null!;
    private string _hash = null!;

    [GlobalSetup]
    public void Setup()
    {
        _otp = OneTimePassword.Issue("123456", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        _hash = _passwords.HashPassword(_user, "correct horse battery");
    }

    [Benchmark]
    public PendingOtp IssueOtp() => OneTimePassword.Issue(OneTimePassword.NewCode(), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

    [Benchmark]
    public bool CheckOtp() => OneTimePassword.Matches(_otp, "654321");

    [Benchmark]
    public string HashPassword() => _passwords.HashPassword(_user, "correct horse battery");

    [Benchmark]
    public PasswordVerificationResult VerifyPassword() => _passwords.VerifyHashedPassword(_user, _hash, "correct horse battery");
}
