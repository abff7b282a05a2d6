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

    [Fact]
    public async Task The_upload_describes_its_body_as_a_multipart_file_field_or_the_raw_bytes()
    {
        var key = await fixture.Hub.CreateApiKeyAsync("openapi-upload", [Roles.Evaluator]);
        using var client = AnonymousAccessTests.NoRedirects(fixture.Hub).WithApiKey(key);
        var document = JsonNode.Parse(await client.GetStringAsync("/api/openapi/v1.json"))!;
        var upload = document["paths"]!["/api/exchange/sources/{source}/files"]!["post"]!;
        Assert.True(upload["requestBody"] is not null, upload.ToJsonString());
        var body = upload["requestBody"]!;
        Assert.True(body["required"]!.GetValue<bool>());

        // The field name curl -F file=@… sends and the page's form uses.
        var form = body["content"]!["multipart/form-data"]!["schema"]!;
        Assert.Equal("binary", form["properties"]!["file"]!["format"]!.GetValue<string>());
        Assert.Equal(["file"], form["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("binary", body["content"]!["application/octet-stream"]!["schema"]!["format"]!.GetValue<string>());
        Assert.NotNull(upload["responses"]!["400"]);
    }

    /// <summary>A route pattern as OpenAPI writes it: constraints dropped (<c>{id:long}</c> → <c>{id}</c>).</summary>
    private static string Normalise(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{([^}:]+):[^}]+\}", "{$1}");
}
