using System.Net;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>
/// The antiforgery check reads the token from the form, so a form beyond the form reader's limits (an upload larger
/// than the limit, thousands of fields) fails inside it: that must be a 413 with a Chinese line, not a server error.
/// </summary>
public sealed class AntiforgeryLimitsTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task A_form_over_the_readers_limits_is_refused_as_too_large()
    {
        using var client = AnonymousAccessTests.NoRedirects(fixture.Hub);
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x"));
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, await response.Content.ReadAsStringAsync());
        Assert.Contains("超过上限", await response.Content.ReadAsStringAsync());
    }
}
