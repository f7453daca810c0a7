using System.ComponentModel.DataAnnotations;
using System.Data.Common;

namespace GeminiClone.Grains.Adapters.PostgreSql;

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
