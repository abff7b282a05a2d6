using System.Net;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>Deny by default, checked against the routing table, so an endpoint added later is covered without editing this test.</summary>
public sealed class AnonymousAccessTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    /// <summary>The only routes anonymous users may reach (static assets are served outside routing, under /static).</summary>
    public static readonly IReadOnlySet<string> AllowList = new HashSet<string>
    {
        "GET /health/live",
        "GET /health/ready",
        "GET /account/login",
        "POST /account/login",
    };

    [Fact]
    public async Task Every_endpoint_and_page_outside_the_allow_list_refuses_anonymous_requests()
    {
        var routes = EndpointRoute.All(fixture.Hub.Services);
        Assert.Contains(routes, r => r.IsPage);
        Assert.Contains(routes, r => !r.IsPage && r.Pattern.StartsWith("/api/", StringComparison.Ordinal));

        using var client = NoRedirects(fixture.Hub);
        var admitted = new List<string>();
        foreach (var route in routes.Where(r => !AllowList.Contains(r.ToString())))
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), route.SampleUrl()));
            var refused = route.IsPage
                ? response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains(IdentityComposition.LoginPath, StringComparison.Ordinal)
                : response.StatusCode == HttpStatusCode.Unauthorized;
            if (!refused)
            {
                admitted.Add($"{route} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(admitted);
    }

    [Fact]
    public async Task The_allow_list_is_reachable_anonymously()
    {
        using var client = NoRedirects(fixture.Hub);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var login = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("登录", await login.Content.ReadAsStringAsync());
        var css = await client.GetAsync("/static/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);

        // Anonymous, but still protected: a form post without the antiforgery token is refused.
        var post = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "x", ["Password"] = "y" }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    [Fact]
    public async Task Unknown_urls_answer_401_or_the_sign_in_redirect_when_anonymous_and_404_when_signed_in()
    {
        using var anonymous = NoRedirects(fixture.Hub);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/no/such/thing")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/no/such/thing", null)).StatusCode);

        var browser = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        browser.Headers.Accept.ParseAdd("text/html");
        var redirect = await anonymous.SendAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fno%2Fsuch%2Fpage", redirect.Headers.Location!.PathAndQuery);

        using var signedIn = await fixture.Hub.ClientWithApiKeyAsync(Roles.Auditor);
        var plain = await signedIn.GetAsync("/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.StartsWith("404 页面不存在", await plain.Content.ReadAsStringAsync());

        // A browser gets a Chinese page of the hub's, not an empty answer it would show as its own "HTTP ERROR 404".
        var page = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        page.Headers.Accept.ParseAdd("text/html");
        var notFound = await signedIn.SendAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("text/html", notFound.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>页面不存在</h1>", await notFound.Content.ReadAsStringAsync());

        // The API keeps its problem JSON.
        var api = await signedIn.GetAsync("/api/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Bad_bearer_tokens_get_401_with_a_bearer_challenge_never_a_redirect()
    {
        using var client = NoRedirects(fixture.Hub);
        var key = await fixture.Hub.CreateApiKeyAsync($"tamper-{Guid.NewGuid():N}"[..20], [Roles.Auditor]);
        foreach (var token in new[] { "garbage", key[..^2] + "xx", key.Replace("chk_", "chk_0", StringComparison.Ordinal) })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Authorization = new("Bearer", token);
            request.Headers.Accept.ParseAdd("text/html");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        client.WithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        using var client = NoRedirects(fixture.Hub);
        foreach (var url in new[] { "/account/login", "/api/me", "/health/live" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", SecurityHeadersMiddleware.ContentSecurityPolicy);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    internal static HttpClient NoRedirects(TestHub hub) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = hub.BaseAddress };
}
