using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Behind the HTTPS reverse proxy the README asks for (nginx, a gateway), the hub sees plain HTTP from the proxy's
/// address. Without <c>X-Forwarded-For</c>/<c>-Proto</c> the sign-in cookie lost its Secure flag, HSTS was never sent,
/// redirects pointed at http://, and the operation log named the proxy instead of the officer's computer. The headers
/// are believed only from the proxies configured in <c>ReverseProxy:KnownProxies</c> (addresses or CIDR networks):
/// from anyone else they would let a client write any address into the log.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "ReverseProxy";

    public static WebApplicationBuilder AddHubReverseProxy(this WebApplicationBuilder builder)
    {
        // Each entry parsed once: a network, an address, or neither (a configuration error naming the key).
        var configured = builder.Configuration.GetSection($"{Section}:KnownProxies").GetChildren().Select(c =>
        {
            var value = c.Value?.Trim() ?? "";
            return (c.Path, Value: value,
                Network: System.Net.IPNetwork.TryParse(value, out var network) ? network : (System.Net.IPNetwork?)null,
                Address: IPAddress.TryParse(value, out var address) ? address : null);
        }).ToList();
        var invalid = configured.Where(c => c.Network is null && c.Address is null).Select(c => $"{c.Path}=“{c.Value}”").ToList();
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var c in configured)
                {
                    if (c.Network is { } network)
                    {
                        o.KnownIPNetworks.Add(network);
                    }
                    else if (c.Address is { } address)
                    {
                        o.KnownProxies.Add(address);
                    }
                }
            })
            .Validate(_ => invalid.Count == 0,
                $"配置项 {Section}:KnownProxies 的每一项须为 IP 地址（10.0.0.5）或网段（10.0.0.0/24）：{string.Join("、", invalid)}")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>First in the pipeline, so that HSTS, the cookie, redirects and the logs see the client's scheme and address.</summary>
    public static WebApplication UseHubReverseProxy(this WebApplication app)
    {
        if (app.Configuration.GetSection($"{Section}:KnownProxies").GetChildren().Any())
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
