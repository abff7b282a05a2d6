using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace GanXian.CreditHub.IntegrationTests.Infrastructure;

/// <summary>One (method, route) of the app, read from the routing table, with a URL that reaches it.</summary>
public sealed record EndpointRoute(string Method, string Pattern, bool IsPage)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The pattern with each parameter replaced by a value its constraint accepts.</summary>
    public string SampleUrl() => Regex.Replace(Pattern, @"\{\*{0,2}([^}:=?]+)([^}]*)\}", m =>
        m.Groups[2].Value.Contains(":guid", StringComparison.OrdinalIgnoreCase) ? "00000000-0000-0000-0000-000000000001"
        : m.Groups[2].Value.Contains(":datetime", StringComparison.OrdinalIgnoreCase) ? "2026-01-05"
        : m.Groups[2].Value.Contains(":bool", StringComparison.OrdinalIgnoreCase) ? "true"
        : "1");

    /// <summary>
    /// Every endpoint of the running app. Pages answer GET and POST (their handlers); an endpoint without method
    /// metadata (e.g. health checks) is listed as GET.
    /// </summary>
    public static IReadOnlyList<EndpointRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e =>
            {
                var pattern = "/" + (e.RoutePattern.RawText ?? "").Trim('/');
                var isPage = e.Metadata.GetMetadata<PageActionDescriptor>() is not null;
                var methods = isPage ? ["GET", "POST"] : e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                return methods.Select(m => new EndpointRoute(m, pattern, isPage));
            })
            .Distinct()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
}
