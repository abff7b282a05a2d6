using System.Text.RegularExpressions;
using GanXian.CreditHub.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Identity;

public enum SignInOutcome
{
    Success,
    Invalid,
    LockedOut,
    Disabled,

    /// <summary>The user name or the password was blank: not an attempt, neither counted nor logged (<see cref="UserAccounts.SignInRequired"/>).</summary>
    Required,
}

public sealed record SignInResult(SignInOutcome Outcome, HubUser? User);

/// <summary>
/// Local accounts: creation, status, passwords, roles and the sign-in check with lockout. Every change and every
/// sign-in attempt is written to the operation log in the transaction of the change. The CLI and the administrator's
/// pages both call these methods; the actor is <c>cli:…</c> or the signed-in administrator's user name.
/// </summary>
public sealed partial class UserAccounts(
    CreditHubDbContext db,
    IdentityAudit audit,
    PasswordPolicy policy,
    IPasswordHasher<HubUser> hasher,
    IOptions<HubIdentityOptions> options,
    TimeProvider clock,
    ILogger<UserAccounts> logger)
{
    // Verified against when the user name is unknown, so a wrong name costs as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<HubUser>().HashPassword(null!, Guid.NewGuid().ToString()));

    public const string CurrentPasswordRequired = "请填写当前密码（必填）";

    /// <summary>
    /// What a sign-in left blank (empty or only spaces: the browser's <c>required</c> lets spaces through), or null. A
    /// blank field is not a guess: the sign-in form's was a 500 (model binding makes a blank value null), and spaces
    /// passed as they are were a wrong password, counted towards the lockout and logged as a failed sign-in. No
    /// password can be only blanks (<see cref="PasswordPolicy"/> refuses one).
    /// </summary>
    public static string? SignInRequired(string? userName, string? password) =>
        (string.IsNullOrWhiteSpace(userName), string.IsNullOrWhiteSpace(password)) switch
        {
            (true, true) => "请填写用户名和密码（必填）",
            (true, false) => "请填写用户名（必填）",
            (false, true) => "请填写密码（必填）",
            _ => null,
        };

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    public static string? CheckUserName(string userName) =>
        UserNamePattern().IsMatch(userName) ? null : "用户名须为 2–64 个字母、数字、“.”、“_”或“-”";

    public Task<HubUser?> FindAsync(string userName, CancellationToken ct)
    {
        var name = Normalize(userName);
        return db.Set<HubUser>().SingleOrDefaultAsync(u => u.UserName == name, ct);
    }

    public async Task<List<HubUser>> ListAsync(CancellationToken ct) =>
        await db.Set<HubUser>().AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);

    public Task<bool> AnyActiveAdministratorAsync(CancellationToken ct) => AnyActiveAdministratorAsync(null, ct);

    /// <summary>Creates the account; returns the Chinese reason when refused.</summary>
    public async Task<string?> AddAsync(string userName, IEnumerable<string> roles, bool personalData, string password, string actor, CancellationToken ct)
    {
        var name = Normalize(userName);
        var error = CheckUserName(name) ?? policy.Check(name, password);
        var (stored, roleError) = RoleSet.Normalize(roles);
        if ((error ?? roleError) is { } refused)
        {
            return refused;
        }

        if (await FindAsync(name, ct) is not null)
        {
            return $"用户 {name} 已存在";
        }

        var user = new HubUser
        {
            Id = Guid.NewGuid(),
            UserName = name,
            PasswordHash = "",
            Roles = stored!,
            PersonalData = personalData,
            SecurityStamp = NewStamp(),
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Add(user);
        await audit.SaveAsync("user.created", actor, Describe(user), ct);
        logger.LogInformation("{Actor} 创建了用户 {UserName}，角色 {Roles}", actor, name, user.Roles);
        return null;
    }

    public Task<string?> DisableAsync(string userName, string actor, CancellationToken ct) =>
        ChangeAsync(userName, actor, "user.disabled", u => u.Disabled = true, ct, AdministratorLoss.Disabled);

    public Task<string?> EnableAsync(string userName, string actor, CancellationToken ct) =>
        ChangeAsync(userName, actor, "user.enabled", u =>
        {
            u.Disabled = false;
            u.FailedAttempts = 0;
            u.LockedUntil = null;
        }, ct);

    public async Task<string?> SetRolesAsync(string userName, IEnumerable<string> roles, bool personalData, string actor, CancellationToken ct)
    {
        var (stored, error) = RoleSet.Normalize(roles);
        var loss = stored is not null && !RoleSet.Parse(stored).Contains(Roles.Administrator) ? AdministratorLoss.RoleRemoved : AdministratorLoss.None;
        return error ?? await ChangeAsync(userName, actor, "user.roles-changed", u =>
        {
            u.Roles = stored!;
            u.PersonalData = personalData;
        }, ct, loss);
    }

    /// <summary>
    /// An administrator sets a new password and lifts a lockout; the user's other sign-ins end. Not for one's own
    /// account: that is <see cref="ChangePasswordAsync"/>, which asks for the current password.
    /// </summary>
    public async Task<string?> ResetPasswordAsync(string userName, string password, string actor, CancellationToken ct) =>
        (actor == Normalize(userName) ? "不能重设自己的密码，请通过“修改密码”修改（需输入当前密码）" : null)
        ?? policy.Check(Normalize(userName), password) ?? await ChangeAsync(userName, actor, "user.password-reset", u =>
        {
            u.PasswordHash = hasher.HashPassword(u, password);
            u.FailedAttempts = 0;
            u.LockedUntil = null;
        }, ct);

    /// <summary>
    /// The user's own change, with the current password checked as at sign-in: a wrong one counts towards the lockout,
    /// so a session left open is not a way to guess the password. The user's other sign-ins end.
    /// </summary>
    public async Task<string?> ChangePasswordAsync(string userName, string currentPassword, string newPassword, CancellationToken ct)
    {
        // A field left empty is not a guess: it was reported as a wrong password and counted towards the lockout.
        if (string.IsNullOrEmpty(currentPassword))
        {
            return CurrentPasswordRequired;
        }

        var name = Normalize(userName);
        if (await FindAsync(name, ct) is not { } user || user.Disabled)
        {
            return "账户不存在或已停用";
        }

        var now = clock.GetUtcNow();
        if (user.IsLockedOut(now))
        {
            return $"账户已被锁定至 {HubClaims.LocalTime(user.LockedUntil)}，请稍后再试，或联系系统管理员解锁";
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return await CountFailureAsync(user, now, "user.password-change-failed", "修改密码时当前密码错误", null, ct)
                ? $"当前密码错误次数过多，账户已被锁定至 {HubClaims.LocalTime(user.LockedUntil)}"
                : "当前密码不正确";
        }

        if (newPassword == currentPassword)
        {
            return "新密码不能与当前密码相同";
        }

        return policy.Check(name, newPassword) ?? await ChangeAsync(name, name, "user.password-changed", u =>
        {
            u.PasswordHash = hasher.HashPassword(u, newPassword);
            u.FailedAttempts = 0;
        }, ct);
    }

    public async Task<SignInResult> SignInAsync(string? userName, string? password, string? remoteAddress, CancellationToken ct)
    {
        // Before anything is looked up, counted or logged (SignInRequired).
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrWhiteSpace(password))
        {
            return new(SignInOutcome.Required, null);
        }

        var name = Normalize(userName);
        var user = CheckUserName(name) is null ? await FindAsync(name, ct) : null;
        var from = remoteAddress is null ? null : $"（来自 {remoteAddress}）";
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password);

            // The typed name is not recorded: people type their password into the name field.
            logger.LogWarning("登录被拒绝：用户名不存在{From}", from);
            await audit.SaveAsync("user.login-failed", "anonymous", $"用户名不存在{from}", ct);
            return new(SignInOutcome.Invalid, null);
        }

        var now = clock.GetUtcNow();
        if (user.IsLockedOut(now))
        {
            logger.LogWarning("登录被拒绝：用户 {UserName} 已锁定至 {Until}", name, user.LockedUntil);
            await audit.SaveAsync("user.login-failed", name, $"账号已锁定，拒绝登录{from}", ct, state: "locked-out");
            return new(SignInOutcome.LockedOut, user);
        }

        var verified = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            var locked = await CountFailureAsync(user, now, "user.login-failed", "密码错误", from, ct);
            return new(locked ? SignInOutcome.LockedOut : SignInOutcome.Invalid, user);
        }

        if (user.Disabled)
        {
            logger.LogWarning("登录被拒绝：用户 {UserName} 已停用", name);
            await audit.SaveAsync("user.login-failed", name, $"账号已停用，拒绝登录{from}", ct, state: "disabled");
            return new(SignInOutcome.Disabled, user);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.FailedAttempts = 0;
        user.LockedUntil = null;
        user.LastLoginAt = now;
        logger.LogInformation("用户 {UserName} 已登录", name);
        await audit.SaveAsync("user.login", name, from is null ? null : $"登录成功{from}", ct);
        return new(SignInOutcome.Success, user);
    }

    /// <summary>Counts a wrong password (at sign-in or when changing it) and locks the account at the limit; true when it did.</summary>
    private async Task<bool> CountFailureAsync(HubUser user, DateTimeOffset now, string kind, string what, string? from, CancellationToken ct)
    {
        var lockout = options.Value.Lockout;
        user.FailedAttempts++;
        if (user.FailedAttempts >= lockout.MaxFailedAttempts)
        {
            user.FailedAttempts = 0;
            user.LockedUntil = now + lockout.Duration;
            logger.LogWarning("用户 {UserName} 连续 {Attempts} 次登录失败，已锁定", user.UserName, lockout.MaxFailedAttempts);
            await audit.SaveAsync("user.locked-out", user.UserName, $"连续 {lockout.MaxFailedAttempts} 次{what}，锁定至 {HubClaims.LocalTime(user.LockedUntil)}{from}", ct, state: "locked-out");
            return true;
        }

        logger.LogWarning("用户 {UserName} 密码错误（{Kind}，第 {Attempts}/{Max} 次）", user.UserName, kind, user.FailedAttempts, lockout.MaxFailedAttempts);
        await audit.SaveAsync(kind, user.UserName, $"{what}（连续第 {user.FailedAttempts} 次，第 {lockout.MaxFailedAttempts} 次将锁定）{from}", ct);
        return false;
    }

    private async Task<string?> ChangeAsync(string userName, string actor, string kind, Action<HubUser> change, CancellationToken ct, AdministratorLoss loss = AdministratorLoss.None)
    {
        if (await FindAsync(userName, ct) is not { } user)
        {
            return $"用户 {Normalize(userName)} 不存在";
        }

        // Checked before the change touches the tracked entity, so a refusal leaves nothing to be saved by accident.
        if (await CheckAdministratorLossAsync(user, loss, actor, ct) is { } refused)
        {
            return refused;
        }

        change(user);
        user.SecurityStamp = NewStamp();
        await audit.SaveAsync(kind, actor, Describe(user), ct);
        logger.LogInformation("{Actor} 对用户 {UserName} 执行了 {Change}", actor, user.UserName, kind);
        return null;
    }

    private static string Describe(HubUser u) =>
        $"用户 {u.UserName}，角色 {u.Roles}，个人身份信息权限：{(u.PersonalData ? "有" : "无")}，{(u.Disabled ? "已停用" : "启用中")}";

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex UserNamePattern();
}
