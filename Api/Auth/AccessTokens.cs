using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeminiClone.Api.Auth;

/// <summary>
/// Mints HS256 access tokens: <c>sub</c> and <c>id</c> (old clients read it) are the user id, <c>ver</c> the token
/// version, <c>sid</c> the sign-in session (absent on tokens minted before sessions existed).
/// </summary>
public sealed class AccessTokens(IOptions<JwtOptions> options, TimeProvider clock)
{
    public const string UserIdClaim = JwtRegisteredClaimNames.Sub;
    public const string LegacyUserIdClaim = "id";
    public const string TokenVersionClaim = "ver";
    public const string SessionIdClaim = "sid";

    private static readonly JsonWebTokenHandler Handler = new();

    public AccessToken Issue(string userId, int tokenVersion, string? sessionId = null)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow();
        var expires = now + jwt.Lifetime;
        var claims = new Dictionary<string, object>
        {
            [UserIdClaim] = userId,
            [LegacyUserIdClaim] = userId,
            [TokenVersionClaim] = tokenVersion,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (sessionId is not null)
        {
            claims[SessionIdClaim] = sessionId;
        }

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(jwt), SecurityAlgorithms.HmacSha256),
            Claims = claims,
        });
        return new AccessToken(token, expires);
    }

    public static SymmetricSecurityKey SigningKey(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.Secret!));
}
