using System.Net;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GanXian.CreditHub.IntegrationTests.Identity;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task A_key_is_stored_hashed_carries_its_roles_and_stops_working_when_revoked_or_expired()
    {
        var (hub, clock) = await UserAccountTests.StartAsync();
        await using var _ = hub;
        var ebid = await hub.CreateApiKeyAsync("ebid", [Roles.Evaluator], personalData: true, expiresOn: new DateOnly(2026, 12, 31));
        var audit = await hub.CreateApiKeyAsync("audit-export", [Roles.Auditor]);
        Assert.Matches("^chk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", ebid);

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CreditHubDbContext>().Set<ApiKey>().AsNoTracking().SingleAsync(k => k.Name == "ebid");
            Assert.Equal(ApiKeys.Hash(ebid), stored.KeyHash);
            Assert.DoesNotContain(ebid[^43..], stored.KeyHash + stored.KeyId, StringComparison.Ordinal);
            var (duplicate, error) = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("EBID", [Roles.Auditor], false, null, "test", default);
            Assert.Null(duplicate);
            Assert.Contains("已存在", error);
        }

        using var client = hub.CreateClient().WithApiKey(ebid);
        var me = await client.GetStringAsync("/api/me");
        Assert.Contains("\"name\":\"ebid\"", me);
        Assert.Contains("\"roles\":[\"evaluator\"]", me);
        Assert.Contains("\"personalData\":true", me);

        // Valid through its last day in Beijing time, refused the day after.
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 15, 59, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        using var auditor = hub.CreateClient().WithApiKey(audit);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/me")).StatusCode);

        // The same key in the X-API-Key header, as gateways send it; a wrong one is refused, not taken for anonymous.
        using var gateway = hub.CreateClient();
        gateway.DefaultRequestHeaders.Add("X-API-Key", audit);
        Assert.Contains("\"name\":\"audit-export\"", await gateway.GetStringAsync("/api/me"));
        using var wrong = hub.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-API-Key", audit[..^2] + "xx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/me")).StatusCode);
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
            Assert.Null(await keys.RevokeAsync("audit-export", "test", default));
            Assert.Contains("已于", await keys.RevokeAsync("audit-export", "test", default));
            Assert.Equal("密钥 nope 不存在", await keys.RevokeAsync("nope", "test", default));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await auditor.GetAsync("/api/me")).StatusCode);

        var log = await OperationLog.EntriesAsync(hub);
        Assert.Equal(["apikey.created", "apikey.created", "apikey.revoked"], log.Select(e => e.Kind));
        Assert.StartsWith("API 密钥 ebid（", log[0].Detail, StringComparison.Ordinal);
        Assert.Contains("角色 evaluator，个人身份信息权限：有，有效期至 2026-12-31", log[0].Detail);
        Assert.All(log, e => Assert.DoesNotContain(ebid[^43..], e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_default_to_the_configured_lifetime_and_cannot_be_created_already_expired()
    {
        var (hub, _) = await UserAccountTests.StartAsync(settings: new() { ["Identity:ApiKeys:DefaultLifetimeDays"] = "30" });
        await using var _ = hub;
        await using var scope = hub.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
        var (created, _) = await keys.CreateAsync("short-lived", [Roles.Evaluator], false, null, "test", default);
        Assert.Equal(new DateOnly(2026, 12, 31), created!.Key.ExpiresOn);
        var (refused, error) = await keys.CreateAsync("stale", [Roles.Evaluator], false, new DateOnly(2026, 11, 30), "test", default);
        Assert.Null(refused);
        Assert.Equal("到期日不能早于今天", error);
    }
}
