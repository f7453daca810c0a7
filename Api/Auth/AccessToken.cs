namespace GeminiClone.Api.Auth;

public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt);
