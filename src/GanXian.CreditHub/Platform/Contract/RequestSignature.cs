using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace GanXian.CreditHub.Platform.Contract;

/// <summary>
/// The request signature of PLATFORM-API.md §1. Linked into the simulator so both sides sign the same way; the
/// known-answer test computes it independently so a shared mistake cannot hide.
/// </summary>
public static class RequestSignature
{
    public const string AppKeyHeader = "X-Credit-AppKey";
    public const string TimestampHeader = "X-Credit-Timestamp";
    public const string NonceHeader = "X-Credit-Nonce";
    public const string SignMethodHeader = "X-Credit-SignMethod";
    public const string SignatureHeader = "X-Credit-Signature";

    public const string HmacSha256 = "HMAC-SHA256";
    public const string HmacSm3 = "HMAC-SM3";

    public static bool IsSupported(string? signMethod) => signMethod is HmacSha256 or HmacSm3;

    /// <summary><c>METHOD \n PATH_AND_QUERY \n TIMESTAMP \n NONCE \n HEX_LOWER(SHA-256(body))</c>.</summary>
    public static string StringToSign(string method, string pathAndQuery, string timestamp, string nonce, ReadOnlySpan<byte> body) =>
        string.Join('\n', method.ToUpperInvariant(), pathAndQuery, timestamp, nonce, Convert.ToHexStringLower(SHA256.HashData(body)));

    /// <summary>Base64 of HMAC(secret, string-to-sign), the secret and the string taken as UTF-8.</summary>
    public static string Sign(string signMethod, string secret, string stringToSign)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(stringToSign);
        return signMethod switch
        {
            HmacSha256 => Convert.ToBase64String(HMACSHA256.HashData(key, data)),
            HmacSm3 => Convert.ToBase64String(HmacSm3Of(key, data)),
            _ => throw new ArgumentOutOfRangeException(nameof(signMethod), signMethod, "unsupported sign method"),
        };
    }

    private static byte[] HmacSm3Of(byte[] key, byte[] data)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data, 0, data.Length);
        var result = new byte[mac.GetMacSize()];
        mac.DoFinal(result, 0);
        return result;
    }
}
