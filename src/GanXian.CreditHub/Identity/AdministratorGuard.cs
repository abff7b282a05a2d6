using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.Identity;

/// <summary>How a change would take the administrator role away from an account, if it holds it.</summary>
internal enum AdministratorLoss
{
    None,
    Disabled,
    RoleRemoved,
}

public sealed partial class UserAccounts
{
    /// <summary>
    /// Someone must always be able to manage accounts in the browser: an administrator does not disable or demote
    /// themselves (a slip of the mouse would lock them out), and the last active administrator keeps the role. The CLI
    /// is held to the same rule; on the server it can always add another administrator first. Two administrators
    /// demoting each other at the very same moment could both pass; a rare enough race to accept.
    /// </summary>
    private async Task<string?> CheckAdministratorLossAsync(HubUser user, AdministratorLoss loss, string actor, CancellationToken ct)
    {
        if (loss == AdministratorLoss.None || user.Disabled || !RoleSet.Parse(user.Roles).Contains(Roles.Administrator))
        {
            return null;
        }

        var what = loss == AdministratorLoss.Disabled ? "停用" : "取消系统管理员角色";
        if (actor == user.UserName)
        {
            return loss == AdministratorLoss.Disabled ? "不能停用自己的账户" : "不能取消自己的系统管理员角色";
        }

        return await AnyActiveAdministratorAsync(user.Id, ct)
            ? null
            : $"{user.UserName} 是唯一启用中的系统管理员，不能{what}；请先为另一位用户授予系统管理员角色";
    }

    private async Task<bool> AnyActiveAdministratorAsync(Guid? except, CancellationToken ct) =>
        (await db.Set<HubUser>().AsNoTracking().Where(u => !u.Disabled && u.Id != except).Select(u => u.Roles).ToListAsync(ct))
        .Any(r => RoleSet.Parse(r).Contains(Roles.Administrator));
}
