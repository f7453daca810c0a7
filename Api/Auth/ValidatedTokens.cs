using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeminiClone.Api.Auth;

/// <summary>
/// The JWT handler of the bearer scheme, validating each access token once: after a full validation (format, HS256
/// signature, issuer, audience, lifetime) a valid token is remembered by its exact text until it expires, and a
/// client's next request with it skips the parsing and the HMAC, which were most of what authentication cost a cheap
/// request (tests/Benchmarks/README.md, "Where a plain turn's CPU goes" and `me`).
/// </summary>
/// <remarks>
/// What is remembered is what the token itself proves, which cannot change while it is valid; what can change is not
/// remembered: the session check (<see cref="JwtBearerSetup"/>) still asks the user's grain on every request whether
/// the token's version and session are current. Each request gets its own copy of the identity, since the session
/// check adds the caller's roles to it. One bearer scheme with one set of validation parameters uses this handler, so
/// the token's text is the whole key; a new signing secret takes a restart, which empties it.
/// </remarks>
internal sealed class ValidatedTokens : JsonWebTokenHandler, IDisposable
{
    /// <summary>Tokens remembered at most (a token is about 300 bytes and its identity a few claims): beyond, the oldest go.</summary>
    public const int MaxTokens = 100_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = MaxTokens });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        // The clock the full validation judges lifetimes by (IdentityModel's, not the app's TimeProvider).
        var now = DateTimeOffset.UtcNow;
        if (_valid.TryGetValue(token, out Validated? known) && known is not null && now < known.ValidUntil)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity.Clone(),
                SecurityToken = known.Token,
                TokenType = known.TokenType,
                Issuer = known.Issuer,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, ClaimsIdentity: { } identity, SecurityToken: { } validated })
        {
            // Valid as long as the full validation would say so: until it expires, with the parameters' clock skew.
            var validUntil = new DateTimeOffset(validated.ValidTo, TimeSpan.Zero) + validationParameters.ClockSkew;
            _valid.Set(token, new Validated(identity.Clone(), validated, result.TokenType, result.Issuer, validUntil),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = validUntil });
        }

        return result;
    }

    public void Dispose() => _valid.Dispose();

    private sealed record Validated(ClaimsIdentity Identity, SecurityToken Token, string? TokenType, string? Issuer, DateTimeOffset ValidUntil);
}
