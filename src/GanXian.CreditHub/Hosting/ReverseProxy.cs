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
        var configured = builder.Configuration.GetSection($"{Section}:KnownProxies").GetChildren().Select(c => (c.Path, c.Value?.Trim() ?? "")).ToList();
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var (_, value) in configured)
                {
                    if (System.Net.IPNetwork.TryParse(value, out var network))
                    {
                        o.KnownIPNetworks.Add(network);
                    }
                    else if (IPAddress.TryParse(value, out var address))
                    {
                        o.KnownProxies.Add(address);
                    }
                }
            })
            .Validate(o => configured.All(c => System.Net.IPNetwork.TryParse(c.Item2, out _) || IPAddress.TryParse(c.Item2, out _)),
                $"配置项 {Section}:KnownProxies 的每一项须为 IP 地址（10.0.0.5）或网段（10.0.0.0/24）：" +
                string.Join("、", configured.Where(c => !System.Net.IPNetwork.TryParse(c.Item2, out _) && !IPAddress.TryParse(c.Item2, out _)).Select(c => $"{c.Path}=“{c.Item2}”")))
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
