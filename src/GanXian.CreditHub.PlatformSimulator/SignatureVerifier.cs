using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.PlatformSimulator;

/// <summary>The platform's side of PLATFORM-API.md §1: signature, clock skew, nonce reuse.</summary>
internal sealed class SignatureVerifier(SimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, long> _nonces = new(StringComparer.Ordinal);
    private int _sincePurge;

    /// <returns>null when the request is authentic, else the contract's 401 code and a message.</returns>
    /// <param name="bodyHash">HEX_LOWER(SHA-256(body)) once the string to sign was computed (it ends with it), else null.</param>
    public (string Code, string Message)? Verify(string method, string pathAndQuery, Func<string, string?> header, ReadOnlySpan<byte> body,
        out string? bodyHash)
    {
        bodyHash = null;
        var appKey = header(RequestSignature.AppKeyHeader);
        var timestamp = header(RequestSignature.TimestampHeader);
        var nonce = header(RequestSignature.NonceHeader);
        var signMethod = header(RequestSignature.SignMethodHeader);
        var signature = header(RequestSignature.SignatureHeader);
        if (appKey is null || timestamp is null || nonce is null || signMethod is null || signature is null)
        {
            return ("BAD_SIGNATURE", "缺少签名请求头（X-Credit-AppKey/Timestamp/Nonce/SignMethod/Signature）");
        }

        if (!RequestSignature.IsSupported(signMethod))
        {
            return ("BAD_SIGNATURE", $"不支持的签名算法 {signMethod}");
        }

        if (!FixedTimeEquals(appKey, options.AppKey))
        {
            return ("BAD_SIGNATURE", "未知的 AppKey");
        }

        var toSign = RequestSignature.StringToSign(method, pathAndQuery, timestamp, nonce, body);
        const int hexLength = 2 * SHA256.HashSizeInBytes;
        if (toSign.Length > hexLength && toSign[^(hexLength + 1)] == '\n')
        {
            // The batch endpoint needs the same hash for idempotency: hashing a 200 KB body once is enough.
            bodyHash = toSign[^hexLength..];
        }

        var expected = RequestSignature.Sign(signMethod, options.AppSecret, toSign);
        if (!FixedTimeEquals(signature, expected))
        {
            return ("BAD_SIGNATURE", "签名不匹配");
        }

        var now = options.Clock.GetUtcNow();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms < -62135596800000 || ms > 253402300799999
            || (now - DateTimeOffset.FromUnixTimeMilliseconds(ms)).Duration() > options.MaxClockSkew)
        {
            return ("SIGNATURE_EXPIRED", $"时间戳与平台时钟相差超过 {options.MaxClockSkew.TotalSeconds:0} 秒");
        }

        var expires = (now + options.NonceWindow).UtcTicks;
        while (true)
        {
            if (_nonces.TryAdd(nonce, expires))
            {
                break;
            }

            if (_nonces.TryGetValue(nonce, out var seenUntil) && seenUntil > now.UtcTicks)
            {
                return ("NONCE_REUSED", "随机数在 600 秒内已被使用");
            }

            if (_nonces.TryUpdate(nonce, expires, seenUntil))
            {
                break;
            }
        }

        if (Interlocked.Increment(ref _sincePurge) % 4096 == 0)
        {
            foreach (var (n, until) in _nonces)
            {
                if (until <= now.UtcTicks)
                {
                    _nonces.TryRemove(n, out _);
                }
            }
        }

        return null;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
