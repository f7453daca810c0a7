using BenchmarkDotNet.Attributes;
using GeminiClone.Api.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>
/// What every authenticated request pays before our code runs: validating the HS256 token in full (its first
/// request), and once the bearer scheme's handler remembers it (<see cref="ValidatedTokens"/>: every later request).
/// </summary>
[ShortRunJob, MemoryDiagnoser]
public class JwtBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ValidatedTokens _remembered = new();
    private TokenValidationParameters _parameters = null!;
    private string _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        var jwt = Options.Create(new JwtOptions { Secret = "benchmark-secret-0123456789abcdefghijklmnop" });
        _token = new AccessTokens(jwt, TimeProvider.System).Issue(Guid.CreateVersion7().ToString(), 0).Token;
        var bearer = new JwtBearerOptions();
        new JwtBearerSetup(jwt, _remembered).Configure(bearer);
        _parameters = bearer.TokenValidationParameters;
    }

    [GlobalCleanup]
    public void Cleanup() => _remembered.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<bool> ValidateToken() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    [Benchmark]
    public async Task<bool> ValidateRememberedToken() => (await _remembered.ValidateTokenAsync(_token, _parameters)).IsValid;
}
