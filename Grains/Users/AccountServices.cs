using GeminiClone.Grains.Admin;
using GeminiClone.Grains.Audit;
using Microsoft.Extensions.Options;

namespace GeminiClone.Grains.Users;

/// <summary>
/// What the user's grain needs of the service around the account (its constructor is full): the account settings,
/// the store of its chatroom list, the operators' directory it keeps its row in, the numbers configured as the first
/// admins, and the audit log.
/// </summary>
public sealed class AccountServices(
    IOptions<AccountOptions> options, IChatroomListStore chatroomLists, IUserDirectory directory, AdminNumbers adminNumbers, AuditTrail audit)
{
    public AccountOptions Options => options.Value;

    public IChatroomListStore ChatroomLists => chatroomLists;

    public IUserDirectory Directory => directory;

    public AdminNumbers AdminNumbers => adminNumbers;

    public AuditTrail Audit => audit;
}
