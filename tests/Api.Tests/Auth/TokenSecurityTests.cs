using System.Net;
using System.Text;
using GeminiClone.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeminiClone.Api.Tests.Auth;

[Collection(ApiCollection.Name)]
public sealed class TokenSecurityTests(ApiFactory factory)
{
    private readonly ApiClient _api = factory.CreateApiClient();

    [Fact]
    public async Task No_token_is_401_with_a_bearer_challenge()
    {
        var response = await _api.GetAsync("/user/me");

        var problem = await response.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Bearer", problem.Message());
    }

    [Fact]
    public async Task A_garbage_token_is_401()
    {
        await (await _api.GetAsync("/user/me", "not-a-jwt")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_secret_is_401()
    {
        var (user, _) = await _api.NewSessionAsync();

        var forged = Mint(user.Id, secret: "someone-elses-secret-0123456789abcdefghij");

        await (await _api.GetAsync("/user/me", forged)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_whose_payload_was_altered_is_401()
    {
        var (victim, _) = await _api.NewSessionAsync();
        var (_, attackerToken) = await _api.NewSessionAsync();
        var parts = attackerToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var attackerId = System.Text.Json.Nodes.JsonNode.Parse(payload)!["sub"]!.GetValue<string>();
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.Replace(attackerId, victim.Id))}.{parts[2]}";

        await (await _api.GetAsync("/user/me", tampered)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401()
    {
        var (user, _) = await _api.NewSessionAsync();
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "gemini-clone",
            Audience = "gemini-clone",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = user.Id, ["id"] = user.Id, ["ver"] = 0 },
        });
        Assert.Contains("\"alg\":\"none\"", Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(unsigned.Split('.')[0])));

        await (await _api.GetAsync("/user/me", unsigned)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_401_and_says_so()
    {
        var (user, _) = await _api.NewSessionAsync();

        var expired = Mint(user.Id, expires: DateTime.UtcNow.AddMinutes(-5));

        var problem = await (await _api.GetAsync("/user/me", expired)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.Message());
    }

    [Fact]
    public async Task A_token_for_another_audience_or_issuer_is_401()
    {
        var (user, _) = await _api.NewSessionAsync();

        await (await _api.GetAsync("/user/me", Mint(user.Id, audience: "someone-else"))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", Mint(user.Id, issuer: "someone-else"))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_correctly_signed_token_for_a_stale_version_or_without_one_is_401()
    {
        var (user, _) = await _api.NewSessionAsync();

        await (await _api.GetAsync("/user/me", Mint(user.Id))).ReadJsonAsync(HttpStatusCode.OK);
        await (await _api.GetAsync("/user/me", Mint(user.Id, version: 7))).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await _api.GetAsync("/user/me", Mint(user.Id, version: null))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_well_signed_token_for_a_user_that_does_not_exist_is_401()
    {
        await (await _api.GetAsync("/user/me", Mint(Guid.NewGuid().ToString()))).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("\u00A0")]
    public async Task A_well_signed_token_with_a_blank_subject_is_401_on_every_authenticated_route(string userId)
    {
        var token = Mint(userId);

        foreach (var path in new[] { "/user/me", "/chatroom", "/models", "/subscription/status" })
        {
            await (await _api.GetAsync(path, token)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    /// <summary>A token made the way the server makes them, with one thing changed at a time.</summary>
    private static string Mint(
        string userId,
        string secret = ApiFactory.JwtSecret,
        string issuer = "gemini-clone",
        string audience = "gemini-clone",
        DateTime? expires = null,
        int? version = 0)
    {
        var claims = new Dictionary<string, object> { ["sub"] = userId, ["id"] = userId };
        if (version is not null)
        {
            claims["ver"] = version.Value;
        }

        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-2),
            NotBefore = expiry.AddHours(-2),
            Expires = expiry,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });
    }
}
