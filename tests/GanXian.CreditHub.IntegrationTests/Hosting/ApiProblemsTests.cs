using System.Net;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Hosting;

/// <summary>Every error under /api is a Chinese problem+json, whatever the client accepts and whoever refused the request.</summary>
public sealed class ApiProblemsTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    /// <summary>What a client of the CSV and NDJSON exports sends.</summary>
    private static readonly string[] Accepts = ["text/csv", "application/x-ndjson", "text/plain"];

    private static async Task<JsonObject> ProblemAsync(HttpClient client, HttpMethod method, string url, string accept, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent([1]);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{method} {url} ({accept}): {(int)response.StatusCode} {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{method} {url} ({accept}): {response.Content.Headers.ContentType} {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.Null(problem["type"]); // the framework's link to the RFC: the hub's problems carry none
        return problem;
    }

    [Fact]
    public async Task A_client_that_does_not_accept_json_still_gets_a_chinese_problem()
    {
        using var anonymous = AnonymousAccessTests.NoRedirects(fixture.Hub);
        using var evaluator = await fixture.Hub.ClientWithApiKeyAsync(Roles.Evaluator);
        using var auditor = await fixture.Hub.ClientWithApiKeyAsync(Roles.Auditor);
        foreach (var accept in Accepts)
        {
            Assert.StartsWith("未认证", (await ProblemAsync(anonymous, HttpMethod.Get, "/api/audit/entries", accept, HttpStatusCode.Unauthorized))["title"]!.GetValue<string>());
            Assert.StartsWith("无权访问", (await ProblemAsync(evaluator, HttpMethod.Get, "/api/audit/export", accept, HttpStatusCode.Forbidden))["title"]!.GetValue<string>());
            Assert.Equal("未找到", (await ProblemAsync(auditor, HttpMethod.Get, "/api/audit/no-such-thing", accept, HttpStatusCode.NotFound))["title"]!.GetValue<string>());

            // A value that does not bind: the hub writes this problem itself (it was an empty 500).
            var unbound = await ProblemAsync(auditor, HttpMethod.Get, "/api/audit/verify?from=abc", accept, HttpStatusCode.BadRequest);
            Assert.Equal("参数 from 的值“abc”无效：应为整数", unbound["detail"]!.GetValue<string>());

            // An endpoint's own problem: the Chinese title, not the framework's "Bad Request".
            var chain = await ProblemAsync(auditor, HttpMethod.Get, "/api/audit/export?chain=nope", accept, HttpStatusCode.BadRequest);
            Assert.Equal(("请求无效", "参数 chain 只能是 exchange 或 operation"), (chain["title"]!.GetValue<string>(), chain["detail"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task A_cookie_request_to_the_api_without_the_antiforgery_token_gets_a_problem()
    {
        await fixture.Hub.CreateUserAsync("officer.problems", [Roles.Officer]);
        using var browser = fixture.Hub.CreateBrowserLikeClient();
        await browser.SignInAsync("officer.problems", TestIdentity.Password);

        var problem = await ProblemAsync(browser, HttpMethod.Post, "/api/exchange/sources/shbx-jfxx/files?name=a.csv", "*/*", HttpStatusCode.BadRequest);
        Assert.Contains("防伪令牌", problem["detail"]!.GetValue<string>());

        // A page keeps its plain Chinese line.
        using var page = await browser.PostAsync("/account/logout", null);
        Assert.Equal((HttpStatusCode.BadRequest, "text/plain"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));
    }
}
