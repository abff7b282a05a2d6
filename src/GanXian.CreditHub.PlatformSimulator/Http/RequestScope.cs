using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GanXian.CreditHub.PlatformSimulator.Http;

/// <summary>
/// What WireMock's request message does not carry: the raw request target (the signature covers the path and query
/// exactly as sent), the client address (admin endpoints are loopback-only), the body of a POST (read here, see
/// <see cref="RequestBody"/>), and the commit-then-drop switch.
/// A middleware in front of WireMock sets it; the callbacks run in the same async flow and read it.
/// </summary>
internal sealed class RequestScope(string rawTarget, IPAddress? remote)
{
    private static readonly AsyncLocal<RequestScope?> CurrentScope = new();

    public static RequestScope? Current => CurrentScope.Value;

    public string RawTarget { get; } = rawTarget;

    public IPAddress? Remote { get; } = remote;

    /// <summary>The body of a POST, read before WireMock saw the request (null for other methods).</summary>
    public ReadOnlyMemory<byte>? Body { get; private set; }

    /// <summary>HEX_LOWER(SHA-256) of <see cref="Body"/>, as the signature check computed it (null before, or if it did not).</summary>
    public string? BodyHash { get; set; }

    /// <summary>Set by a callback that has done its work: abort the connection instead of answering.</summary>
    public bool Drop { get; set; }

    /// <summary>
    /// Buffers WireMock's answer so that a dropped request sends nothing at all (not even the status line): the
    /// client sees a connection closed before any reply, as when a proxy or the network fails after the commit.
    /// </summary>
    public static void Install(object applicationBuilder) =>
        ((IApplicationBuilder)applicationBuilder).Use(async (HttpContext http, RequestDelegate next) =>
        {
            var scope = new RequestScope(http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path + http.Request.QueryString,
                http.Connection.RemoteIpAddress);
            CurrentScope.Value = scope;
            using var body = HttpMethods.IsPost(http.Request.Method) ? await RequestBody.TakeAsync(http.Request, http.RequestAborted) : null;
            scope.Body = body?.Bytes;
            var original = http.Response.Body;
            await using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }

            if (scope.Drop)
            {
                http.Abort();
                return;
            }

            http.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, http.RequestAborted);
        });
}
