using System.Globalization;
using System.Net;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Platform;

/// <summary>
/// Signs every request (PLATFORM-API.md §1). It sits inside the resilience handler, so each retry is signed afresh
/// with a new nonce and timestamp. A 401 is re-signed and sent once more (the platform's clock or nonce cache may have
/// disagreed with this attempt); a second 401 is returned and becomes a <see cref="PlatformApiException"/>.
/// </summary>
public sealed class SigningHandler(PlatformEndpoint endpoint, IOptions<PlatformOptions> options, TimeProvider clock, ILogger<SigningHandler> log)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await BufferBodyAsync(request, cancellationToken);
        Sign(request, body);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        log.LogWarning("平台拒绝了签名（{Method} {Path}），换新随机数重新签名后重试一次", request.Method, request.RequestUri?.AbsolutePath);
        response.Dispose();
        Sign(request, body);
        return await base.SendAsync(request, cancellationToken);
    }

    private void Sign(HttpRequestMessage request, byte[] body)
    {
        var credentials = endpoint.Current;
        var signMethod = options.Value.SignMethod;
        var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString();
        var toSign = RequestSignature.StringToSign(request.Method.Method, request.RequestUri!.PathAndQuery, timestamp, nonce, body);

        var headers = request.Headers;
        headers.Remove(RequestSignature.AppKeyHeader);
        headers.Remove(RequestSignature.TimestampHeader);
        headers.Remove(RequestSignature.NonceHeader);
        headers.Remove(RequestSignature.SignMethodHeader);
        headers.Remove(RequestSignature.SignatureHeader);
        headers.Add(RequestSignature.AppKeyHeader, credentials.AppKey);
        headers.Add(RequestSignature.TimestampHeader, timestamp);
        headers.Add(RequestSignature.NonceHeader, nonce);
        headers.Add(RequestSignature.SignMethodHeader, signMethod);
        headers.Add(RequestSignature.SignatureHeader, RequestSignature.Sign(signMethod, credentials.AppSecret, toSign));
    }

    /// <summary>The signature covers the exact bytes sent, so the body is serialised once and sent as those bytes.</summary>
    private static async Task<byte[]> BufferBodyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is null)
        {
            return [];
        }

        var bytes = await request.Content.ReadAsByteArrayAsync(ct);
        if (request.Content is not ByteArrayContent)
        {
            var buffered = new ByteArrayContent(bytes);
            foreach (var header in request.Content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            buffered.Headers.ContentLength = bytes.Length;
            request.Content = buffered;
        }

        return bytes;
    }
}
