using System.Data.Common;

namespace GeminiClone.Grains.Adapters.PostgreSql;

/// <summary>Turns the original's <c>postgresql://user:pass@host:port/db</c> URL into an Npgsql connection string.</summary>
public static class PostgresUrl
{
    public static string ToConnectionString(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            // Already a key=value connection string, or something the start-up validation will report.
            return value;
        }

        // DbConnectionStringBuilder quotes values, so a password with ';' or '=' survives.
        var builder = new DbConnectionStringBuilder
        {
            ["Host"] = uri.Host,
            ["Port"] = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            ["Database"] = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };

        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder["Username"] = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder["Password"] = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.Split('=', 2) is ["sslmode", var mode])
            {
                builder["SSL Mode"] = Uri.UnescapeDataString(mode);
            }
        }

        return builder.ConnectionString;
    }
}
