namespace GeminiClone.Api.Operators;

/// <summary>Operators' credentials for the Orleans dashboard (<c>DASHBOARD_USERNAME</c>, <c>DASHBOARD_PASSWORD</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);
}
