using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Identity;

/// <summary>
/// API keys of machine clients. A key reads <c>chk_{keyId}_{secret}</c>: the key id (public, 12 hex characters) finds
/// the row, the SHA-256 of the whole key is compared in constant time. 256 random bits in the secret make a plain
/// hash sufficient (no salt or stretching needed, unlike passwords).
/// </summary>
public sealed class ApiKeys(CreditHubDbContext db, IdentityAudit audit, IOptions<HubIdentityOptions> options, TimeProvider clock, ILogger<ApiKeys> logger)
{
    public const string Prefix = "chk_";

    /// <summary>How a client presents the key, shown with it when it is created (CLI and page).</summary>
    public const string UsageHint = "调用时请发送请求头 " + ApiKeyAuthenticationHandler.KeyHeader + ": <密钥>（或 Authorization: Bearer <密钥>）";

    public sealed record Created(ApiKey Key, string Secret);

    public async Task<List<ApiKey>> ListAsync(CancellationToken ct) =>
        await db.Set<ApiKey>().AsNoTracking().OrderBy(k => k.Name).ToListAsync(ct);

    /// <summary>Creates a key; the returned <see cref="Created.Secret"/> is the only copy of the key there will ever be.</summary>
    public async Task<(Created? Created, string? Error)> CreateAsync(string name, IEnumerable<string> roles, bool personalData, DateOnly? expiresOn, string actor, CancellationToken ct)
    {
        name = UserAccounts.Normalize(name);
        var (stored, error) = RoleSet.Normalize(roles);
        error = UserAccounts.CheckUserName(name)?.Replace("用户名", "密钥名称", StringComparison.Ordinal) ?? error;
        var today = clock.Today();
        var expires = expiresOn ?? today.AddDays(options.Value.ApiKeys.DefaultLifetimeDays);
        if (expires < today)
        {
            error ??= "到期日不能早于今天";
        }

        if (error is null && await db.Set<ApiKey>().AnyAsync(k => k.Name == name, ct))
        {
            error = $"密钥名称 {name} 已存在（已吊销的名称也不能重复使用）";
        }

        if (error is not null)
        {
            return (null, error);
        }

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = $"{Prefix}{keyId}_{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32))}";
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = name,
            KeyId = keyId,
            KeyHash = Hash(secret),
            Roles = stored!,
            PersonalData = personalData,
            ExpiresOn = expires,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor,
        };
        db.Add(key);
        await audit.SaveAsync("apikey.created", actor, $"API 密钥 {name}（{keyId}），角色 {key.Roles}，个人身份信息权限：{(personalData ? "有" : "无")}，有效期至 {expires:yyyy-MM-dd}", ct);
        logger.LogInformation("{Actor} 创建了 API 密钥 {KeyName}（{KeyId}）", actor, name, keyId);
        return (new Created(key, secret), null);
    }

    public Task<ApiKey?> FindAsync(string name, CancellationToken ct)
    {
        name = UserAccounts.Normalize(name);
        return db.Set<ApiKey>().SingleOrDefaultAsync(k => k.Name == name, ct);
    }

    public async Task<string?> RevokeAsync(string name, string actor, CancellationToken ct)
    {
        name = UserAccounts.Normalize(name);
        var key = await FindAsync(name, ct);
        if (key is null)
        {
            return $"密钥 {name} 不存在";
        }

        if (key.RevokedAt is not null)
        {
            return $"密钥 {name} 已于 {key.RevokedAt.Value.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} 吊销";
        }

        key.RevokedAt = clock.GetUtcNow();
        await audit.SaveAsync("apikey.revoked", actor, $"API 密钥 {name}（{key.KeyId}）", ct);
        logger.LogInformation("{Actor} 吊销了 API 密钥 {KeyName}（{KeyId}）", actor, name, key.KeyId);
        return null;
    }

    /// <summary>The key if it is known, matches, is not revoked and not expired; otherwise null and the reason in the log.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 128
            || presented.AsSpan(Prefix.Length).IndexOf('_') is not 12)
        {
            logger.LogWarning("API 密钥被拒绝：格式不正确");
            return null;
        }

        var keyId = presented.Substring(Prefix.Length, 12);
        var key = await db.Set<ApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == keyId, ct);
        var matches = key is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(key.KeyHash));
        if (!matches)
        {
            logger.LogWarning("API 密钥被拒绝：密钥编号 {KeyId} 不存在或密钥错误", keyId);
            return null;
        }

        if (key!.RevokedAt is not null || key.ExpiresOn < clock.Today())
        {
            logger.LogWarning("API 密钥 {KeyName} 被拒绝：{Reason}", key.Name, key.RevokedAt is not null ? "已吊销" : "已过期");
            return null;
        }

        return key;
    }

    /// <summary>An expiry typed as <c>yyyy-MM-dd</c> (the CLI's option, the page's date field); empty is the default lifetime.</summary>
    public static (DateOnly? Date, string? Error) ParseExpiry(string? text) =>
        string.IsNullOrWhiteSpace(text) ? (null, null)
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? (date, null)
            : (null, $"到期日 {text.Trim()} 无效，应为 yyyy-MM-dd 格式。");

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
