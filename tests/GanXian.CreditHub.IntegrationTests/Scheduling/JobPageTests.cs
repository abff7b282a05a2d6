using System.Net;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;
using GanXian.CreditHub.IntegrationTests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>An administrator runs the nightly exchange now from the jobs page; an officer only reads it.</summary>
[Collection(BrowserPages.Collection)]
public sealed class JobPageTests
{
    [Fact]
    public async Task An_administrator_runs_a_job_now_and_an_officer_only_sees_the_schedule()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite, realSignIn: true);
        bed.WriteFile("jf.csv", [$"{ExchangeRunTests.Employer},110,202610,100"]);
        await bed.Hub.CreateUserAsync("wang.admin", [Roles.Administrator]);
        await bed.Hub.CreateUserAsync("zhao.min", [Roles.Officer]);

        await using var browser = await BrowserSession.StartAsync(bed.Hub.BaseAddress);
        var (admin, _) = await browser.SignInAsync("wang.admin", TestIdentity.Password);
        await BrowserPages.ClickToPageAsync(admin, admin.Locator("header nav a", new() { HasText = "定时任务" }));
        var list = await admin.Locator("main").InnerTextAsync();
        Assert.Contains("retry-pending", list);
        Assert.Contains("从未运行", list);
        // The schedule as an officer says it (the repository's schedule files), the cron expression as its tooltip.
        Assert.Contains("每 15 分钟", list);
        Assert.Equal("0 0/15 * * * ?", await admin.Locator("main td[title]", new() { HasText = "每 15 分钟" }).GetAttributeAsync("title"));

        // Each run button names its job to a screen reader: all of them read "立即运行", which said nothing of the job.
        var rows = admin.Locator("main table").First.Locator("tbody tr");
        Assert.True(await rows.CountAsync() > 1);
        foreach (var row in await rows.AllAsync())
        {
            var job = await row.Locator("td").First.InnerTextAsync();
            Assert.Equal($"立即运行：{job}", await row.Locator("button").GetAttributeAsync("aria-label"));
            Assert.Equal("立即运行", await row.Locator("button").InnerTextAsync());
        }

        await BrowserPages.SubmitAsync(admin, admin.GetByRole(AriaRole.Button, new() { Name = "立即运行：exchange", Exact = true }));
        Assert.Contains("任务 exchange：成功", await admin.Locator(".notice").InnerTextAsync());
        Assert.Contains("手动：wang.admin", await admin.Locator("main").InnerTextAsync());
        Assert.Single(bed.Held());
        // An administrator's action: in the operation log, not only in the run history.
        var operations = await bed.QueryAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.Chain == LogChain.Operation).ToListAsync());
        Assert.Contains(operations, e => e.Kind == "job.run" && e.Actor == "wang.admin" && e.Detail!.Contains("exchange", StringComparison.Ordinal));

        var (officer, _) = await browser.SignInAsync("zhao.min", TestIdentity.Password);
        await officer.GotoAsync("/jobs");
        Assert.Contains("exchange", await officer.Locator("main").InnerTextAsync());
        Assert.Equal(0, await officer.Locator("main button", new() { HasText = "立即运行" }).CountAsync());

        // The handler itself refuses an officer, whatever the form: the page admits officers to read it.
        var token = await officer.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var forged = await officer.APIRequest.PostAsync("/jobs?handler=Run", new()
        {
            Headers = new Dictionary<string, string> { ["X-CSRF-TOKEN"] = token! },
            Form = officer.APIRequest.CreateFormData().Set("name", "exchange"),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        Assert.Empty(browser.CspViolations);
    }
}
