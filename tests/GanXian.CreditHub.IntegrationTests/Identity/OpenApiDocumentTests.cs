using System.Net;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>The API's OpenAPI document: every API route in it, how machine clients authenticate, and no anonymous access.</summary>
public sealed class OpenApiDocumentTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task The_document_lists_every_api_route_and_the_api_key_scheme()
    {
        var key = await fixture.Hub.CreateApiKeyAsync("openapi-reader", [Roles.Evaluator]);
        using var client = AnonymousAccessTests.NoRedirects(fixture.Hub).WithApiKey(key);
        using var response = await client.GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        var missing = EndpointRoute.All(fixture.Hub.Services)
            .Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal) && !r.Pattern.StartsWith("/api/openapi", StringComparison.Ordinal))
            .Where(r => paths[Normalise(r.Pattern)]?[r.Method.ToLowerInvariant()] is null)
            .Select(r => r.ToString()).ToList();
        Assert.Empty(missing);
        Assert.DoesNotContain(paths, p => !p.Key.StartsWith("/api/", StringComparison.Ordinal));
        Assert.Equal("X-API-Key", document["components"]!["securitySchemes"]!["apiKey"]!["name"]!.GetValue<string>());

        using var anonymous = AnonymousAccessTests.NoRedirects(fixture.Hub);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/openapi/v1.json")).StatusCode);
    }

    /// <summary>A route pattern as OpenAPI writes it: constraints dropped (<c>{id:long}</c> → <c>{id}</c>).</summary>
    private static string Normalise(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:]+):[^}]+\}", "{$1}");
}
