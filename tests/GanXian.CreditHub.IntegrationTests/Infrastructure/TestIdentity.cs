using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using GanXian.CreditHub.Identity;

namespace GanXian.CreditHub.IntegrationTests.Infrastructure;

/// <summary>
/// Real credentials for tests that exercise the hub's own authentication (no test scheme): API keys created through
/// <see cref="ApiKeys"/> exactly as <c>apikeys create</c> does, and user accounts as <c>users add</c> does.
/// <code>
/// await using var hub = await TestHub.StartAsync(config);
/// using var client = await hub.ClientWithApiKeyAsync(Roles.Evaluator);            // Authorization: Bearer chk_…
/// using var officer = await hub.ClientWithApiKeyAsync([Roles.Officer], personalData: true);
/// </code>
/// </summary>
public static class TestIdentity
{
    /// <summary>A password that satisfies the default policy.</summary>
    public const string Password = "Lantern-Harbor-2931";

    public static async Task<string> CreateApiKeyAsync(this TestHub hub, string name, IReadOnlyList<string> roles, bool personalData = false, DateOnly? expiresOn = null)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        var (created, error) = await scope.ServiceProvider.GetRequiredService<ApiKeys>()
            .CreateAsync(name, roles, personalData, expiresOn, "test", CancellationToken.None);
        return created?.Secret ?? throw new InvalidOperationException($"API key {name} not created: {error}");
    }

    /// <summary>A client of the hub sending a fresh API key holding <paramref name="roles"/>.</summary>
    public static async Task<HttpClient> ClientWithApiKeyAsync(this TestHub hub, IReadOnlyList<string> roles, bool personalData = false)
    {
        var name = $"test-{Guid.NewGuid():N}-{string.Join('-', roles)}";
        var key = await hub.CreateApiKeyAsync(name[..Math.Min(name.Length, 64)], roles, personalData);
        return hub.CreateClient().WithApiKey(key);
    }

    public static Task<HttpClient> ClientWithApiKeyAsync(this TestHub hub, string role) => hub.ClientWithApiKeyAsync([role]);

    public static HttpClient WithApiKey(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client with its own cookie jar that does not follow redirects (so tests see them).</summary>
    public static HttpClient CreateBrowserLikeClient(this TestHub hub) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = hub.BaseAddress };

    /// <summary>The antiforgery token of the form on <paramref name="path"/> (the client keeps the matching cookie).</summary>
    public static async Task<string> FormTokenAsync(this HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"no antiforgery token on {path}");
    }

    /// <summary>Signs in through the real sign-in form; returns the response (302 on success, 200 with the error otherwise).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var token = await client.FormTokenAsync(IdentityComposition.LoginPath);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["UserName"] = userName,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl ?? "",
        };
        return await client.PostAsync(IdentityComposition.LoginPath, new FormUrlEncodedContent(form));
    }

    public static async Task CreateUserAsync(this TestHub hub, string name, IReadOnlyList<string> roles, string password = Password, bool personalData = false)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        var error = await scope.ServiceProvider.GetRequiredService<UserAccounts>().AddAsync(name, roles, personalData, password, "test", CancellationToken.None);
        if (error is not null)
        {
            throw new InvalidOperationException($"user {name} not created: {error}");
        }
    }
}
