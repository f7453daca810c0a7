using BenchmarkDotNet.Attributes;
using GeminiClone.Api.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeminiClone.Benchmarks.Micro;

/// <summary>What every authenticated request pays before our code runs: validating the HS256 token.</summary>
[ShortRunJob, MemoryDiagnoser]
public class JwtBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new();
    private TokenValidationParameters _parameters = null!;
    private string _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        var jwt = Options.Create(new JwtOptions { Secret = "benchmark-secret-0123456789abcdefghijklmnop" });
        _token = new AccessTokens(jwt, TimeProvider.System).Issue(Guid.CreateVersion7().ToString(), 0).Token;
        var bearer = new JwtBearerOptions();
        new JwtBearerSetup(jwt).Configure(bearer);
        _parameters = bearer.TokenValidationParameters;
    }

    [Benchmark]
    public async Task<bool> ValidateToken() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;
}
