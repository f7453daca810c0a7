using System.Security.Claims;
using System.Text;
using GeminiClone.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeminiClone.Api.Tests.Auth;

/// <summary>
/// The bearer scheme's handler remembers a valid token until it expires, and nothing else: a token stops being
/// accepted when its lifetime ends, a changed token is validated in full, and each request gets an identity of its own.
/// (Revocation is the session check's, asked on every request: TokenSecurityTests and the session tests.)
/// </summary>
public sealed class ValidatedTokensTests : IDisposable
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("validated-tokens-test-secret-0123456789abcdef"));

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = "gemini-clone",
        ValidAudience = "gemini-clone",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
    };

    private readonly ValidatedTokens _tokens = new();

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var expires = DateTime.UtcNow.AddSeconds(2);
        var token = Mint(expires);

        var first = await _tokens.ValidateTokenAsync(token, Parameters);
        var again = await _tokens.ValidateTokenAsync(token, Parameters);
        while (DateTime.UtcNow < expires.AddMilliseconds(200))
        {
            await Task.Delay(100);
        }

        var expired = await _tokens.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid && again.IsValid);
        Assert.False(expired.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(expired.Exception);
    }

    [Fact]
    public async Task A_token_changed_by_one_character_is_validated_in_full_and_refused()
    {
        var token = Mint(DateTime.UtcNow.AddHours(1));
        Assert.True((await _tokens.ValidateTokenAsync(token, Parameters)).IsValid);

        var signature = token[(token.LastIndexOf('.') + 1)..];
        var tampered = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        var result = await _tokens.ValidateTokenAsync(tampered, Parameters);

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Each_validation_gets_an_identity_of_its_own()
    {
        var token = Mint(DateTime.UtcNow.AddHours(1));

        var first = (await _tokens.ValidateTokenAsync(token, Parameters)).ClaimsIdentity;
        first.AddClaim(new Claim("role", "admin"));
        var second = (await _tokens.ValidateTokenAsync(token, Parameters)).ClaimsIdentity;

        Assert.NotSame(first, second);
        Assert.Equal("user-1", second.FindFirst(JwtRegisteredClaimNames.Sub)?.Value);
        Assert.Null(second.FindFirst("role"));
    }

    public void Dispose() => _tokens.Dispose();

    private static string Mint(DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "gemini-clone",
        Audience = "gemini-clone",
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = expires,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = "user-1", ["ver"] = 0 },
    });
}
