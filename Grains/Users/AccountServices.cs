using GeminiClone.Grains.Admin;
using GeminiClone.Grains.Audit;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users;

/// <summary>
/// What the user's grain needs of the service around the account (its constructor is full): the account settings,
/// the operators' directory it keeps its row in, the numbers configured as the first admins, and the audit log.
/// </summary>
public sealed class AccountServices(IOptions<AccountOptions> options, IUserDirectory directory, AdminNumbers adminNumbers, AuditTrail audit)
{
    public AccountOptions Options => options.Value;

    public IUserDirectory Directory => directory;

    public AdminNumbers AdminNumbers => adminNumbers;

    public AuditTrail Audit => audit;
}
