using System.Net;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>
/// Who may reach what. Every route of the routing table must have a row here, so adding an endpoint forces a decision
/// on its roles; each row is exercised with real API keys of each role (allowed: anything but 401/403; refused: 403).
/// </summary>
public sealed class RoleMatrixTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private static readonly string[] Anonymous = ["(anonymous)"];
    private static readonly string[] AnyRole = [.. Roles.All];
    private static readonly string[] Administrator = [Roles.Administrator];
    private static readonly string[] Operations = [Roles.Officer, Roles.Administrator];
    private static readonly string[] Auditor = [Roles.Auditor];

    /// <summary>"METHOD /route/pattern" → roles allowed (<see cref="Anonymous"/>: no credential needed).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Expected = new Dictionary<string, string[]>
    {
        ["GET /health/live"] = Anonymous,
        ["GET /health/ready"] = Anonymous,
        ["GET /account/login"] = Anonymous,
        ["POST /account/login"] = Anonymous,
        ["GET /account/logout"] = AnyRole,
        ["POST /account/logout"] = AnyRole,
        ["GET /"] = AnyRole,
        ["POST /"] = AnyRole,
        ["GET /api/me"] = AnyRole,
        ["GET /api/openapi/{documentName}.json"] = AnyRole,
        ["GET /admin/accounts"] = Administrator,
        ["POST /admin/accounts"] = Administrator,
        ["GET /admin/accounts/new-user"] = Administrator,
        ["POST /admin/accounts/new-user"] = Administrator,
        ["GET /admin/accounts/users/{userName:regex(\\S)}"] = Administrator,
        ["POST /admin/accounts/users/{userName:regex(\\S)}"] = Administrator, // every handler: roles, disable, enable, password
        ["GET /admin/accounts/new-apikey"] = Administrator,
        ["POST /admin/accounts/new-apikey"] = Administrator,
        ["GET /admin/accounts/apikeys/{name:regex(\\S)}/revoke"] = Administrator,
        ["POST /admin/accounts/apikeys/{name:regex(\\S)}/revoke"] = Administrator,
        ["GET /account/password"] = AnyRole,
        ["POST /account/password"] = AnyRole,
        ["GET /api/identity/users"] = Administrator,
        ["GET /api/identity/apikeys"] = Administrator,

        // Scheduling
        ["GET /api/jobs"] = Operations,
        ["GET /api/jobs/history"] = Operations,
        ["POST /api/jobs/{name}/run"] = Administrator,
        ["GET /jobs"] = Operations,
        ["POST /jobs"] = Operations, // the page's; its run handler itself admits administrators only (JobPageTests)
        ["GET /api/audit/entries"] = Auditor,
        ["GET /audit"] = Auditor,
        ["POST /audit"] = Auditor,
        ["GET /api/audit/export"] = Auditor,
        ["GET /api/audit/public-key"] = Auditor,
        ["GET /api/audit/verify"] = Auditor,
        ["GET /api/exchange/quarantine"] = Operations,
        ["GET /api/exchange/quarantine/{id:long}"] = Operations,
        ["GET /api/exchange/quarantine/export"] = Operations,
        ["PUT /api/exchange/quarantine/{id:long}/data"] = Operations,
        ["PATCH /api/exchange/quarantine/{id:long}/data"] = Operations,
        ["POST /api/exchange/quarantine/{id:long}/dismiss"] = Operations,
        ["POST /api/exchange/resubmit"] = Operations,
        ["GET /exchange/quarantine"] = Operations,
        ["POST /exchange/quarantine"] = Operations,
        ["GET /exchange/quarantine/{id:long}"] = Operations,
        ["POST /exchange/quarantine/{id:long}"] = Operations,
        ["GET /api/exchange/records"] = Operations,
        ["GET /api/exchange/records/{recordId}"] = Operations,
        ["POST /api/exchange/records/{recordId}/withdraw"] = Operations,
        ["GET /exchange/records"] = Operations,
        ["POST /exchange/records"] = Operations,
        ["GET /exchange/records/{recordId:regex(\\S)}"] = Operations,
        ["POST /exchange/records/{recordId:regex(\\S)}"] = Operations,
        ["GET /api/exchange/files"] = Operations,
        ["GET /api/exchange/inbox"] = Operations,
        ["POST /api/exchange/sources/{source}/files"] = Operations,
        ["GET /exchange/files"] = Operations,
        ["POST /exchange/files"] = Operations,
    };

    [Fact]
    public void Every_route_of_the_app_has_a_row_and_every_row_a_route()
    {
        var routes = EndpointRoute.All(fixture.Hub.Services).Select(r => r.ToString()).ToHashSet();
        Assert.Empty(routes.Except(Expected.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(Expected.Keys.Except(routes).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_role_reaches_exactly_the_routes_its_row_allows()
    {
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All)
        {
            var key = await fixture.Hub.CreateApiKeyAsync($"matrix-{role}", [role]);
            clients[role] = AnonymousAccessTests.NoRedirects(fixture.Hub).WithApiKey(key);
        }

        var wrong = new List<string>();
        foreach (var route in EndpointRoute.All(fixture.Hub.Services))
        {
            var allowed = Expected.GetValueOrDefault(route.ToString(), []);
            foreach (var (role, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.SampleUrl());
                using var response = await client.SendAsync(request);
                var status = response.StatusCode;
                var expectAllowed = allowed == Anonymous || allowed.Contains(role);
                var ok = expectAllowed
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : status == HttpStatusCode.Forbidden;
                if (!ok)
                {
                    wrong.Add($"{route} as {role}: {(int)status}, expected {(expectAllowed ? "allowed" : "403")}");
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.Empty(wrong);
    }

    /// <summary>Monitoring probes and <c>curl -I</c> send HEAD; it must answer as the GET does, headers only.</summary>
    [Fact]
    public async Task Head_answers_every_get_route_as_the_get_does_without_a_body()
    {
        var key = await fixture.Hub.CreateApiKeyAsync("matrix-head", Roles.All);
        using var client = AnonymousAccessTests.NoRedirects(fixture.Hub).WithApiKey(key);
        using var anonymous = AnonymousAccessTests.NoRedirects(fixture.Hub);
        var wrong = new List<string>();
        foreach (var route in EndpointRoute.All(fixture.Hub.Services).Where(r => r.Method == "GET" && !r.Pattern.Contains("export", StringComparison.Ordinal)))
        {
            using var get = await client.GetAsync(route.SampleUrl());
            using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, route.SampleUrl()));
            var body = await head.Content.ReadAsByteArrayAsync();
            if (head.StatusCode != get.StatusCode || body.Length != 0)
            {
                wrong.Add($"{route}: HEAD {(int)head.StatusCode} with {body.Length} bytes, GET {(int)get.StatusCode}");
            }

            var allowed = Expected.GetValueOrDefault(route.ToString(), []);
            using var unauthenticated = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, route.SampleUrl()));
            if (allowed != Anonymous && unauthenticated.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Redirect))
            {
                wrong.Add($"{route}: anonymous HEAD {(int)unauthenticated.StatusCode}");
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>A misspelt filter must not answer with everything (the API used to ignore names it did not bind).</summary>
    [Fact]
    public async Task Every_api_query_refuses_a_parameter_it_does_not_know()
    {
        var key = await fixture.Hub.CreateApiKeyAsync("matrix-query", Roles.All);
        using var client = AnonymousAccessTests.NoRedirects(fixture.Hub).WithApiKey(key);
        var wrong = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in EndpointRoute.All(fixture.Hub.Services).Where(r => r.Method == "GET" && r.Pattern.StartsWith("/api/", StringComparison.Ordinal)))
        {
            checkedRoutes++;
            using var response = await client.GetAsync(route.SampleUrl() + "?entitty=1");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains("entitty", StringComparison.Ordinal))
            {
                wrong.Add($"{route}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }
        }

        Assert.True(checkedRoutes >= 10, $"only {checkedRoutes} API routes found");
        Assert.Empty(wrong);
    }
}
