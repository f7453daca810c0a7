using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace GeminiClone.Api.Auth;

/// <summary>
/// A newcomer's <c>dotnet run</c> should just work, so Development gets a random secret per run (tokens die with
/// the process). Anywhere else a missing or short secret stops start-up: a guessable key forges any user.
/// </summary>
internal sealed class JwtOptionsSetup(IHostEnvironment environment, ILogger<JwtOptionsSetup> logger)
    : IPostConfigureOptions<JwtOptions>, IValidateOptions<JwtOptions>
{
    public void PostConfigure(string? name, JwtOptions options)
    {
        if (environment.IsDevelopment() && string.IsNullOrEmpty(options.Secret))
        {
            options.Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            logger.LogWarning(
                "JWT_SECRET is not set; using a random secret for this run only (Development). Tokens will not survive a restart.");
        }
    }

    public ValidateOptionsResult Validate(string? name, JwtOptions options) =>
        options.Secret is { Length: >= JwtOptions.MinimumSecretLength }
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"JWT_SECRET is missing or shorter than {JwtOptions.MinimumSecretLength} characters. " +
                "Set JWT_SECRET (or Jwt__Secret) to a random value of at least 32 characters, e.g. `openssl rand -base64 48`.");
}
