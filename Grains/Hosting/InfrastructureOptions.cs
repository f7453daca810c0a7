using System.ComponentModel.DataAnnotations;
using System.Data.Common;

namespace GeminiClone.Grains.Hosting;

/// <summary>Redis, used for cluster membership in production (<c>REDIS_HOST</c>, <c>REDIS_PORT</c>, <c>REDIS_PASSWORD</c>).</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 6379;

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>PostgreSQL, where grain state lives in production (<c>DATABASE_URL</c> or <c>ConnectionStrings__Postgres</c>).</summary>
public sealed class PostgresOptions : IValidatableObject
{
    public string? ConnectionString { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        string? error = null;
        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        }
        catch (ArgumentException e)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult(
                $"DATABASE_URL / ConnectionStrings:Postgres is neither a postgresql:// URL nor a connection string: {error}",
                [nameof(ConnectionString)]);
        }
    }
}
