using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.Platform.Contract;

namespace GanXian.CreditHub.Tests.Platform;

public class RequestSignatureTests
{
    private const string Secret = "test-secret-不要用于生产";
    private const string PathAndQuery = "/api/v1/catalogs/SHBX_JFXX/records?updatedSince=2026-11-29T01%3A30%3A00%2B08%3A00&limit=2";
    private const string Timestamp = "1764350000000";
    private const string Nonce = "3f1c2a4e-8d6b-4c1e-9a7f-2b5d0e6c8a91";

    // Known answers computed outside .NET with OpenSSL:
    //   printf 'GET\n<path>\n<ts>\n<nonce>\n<sha256 of empty>' | openssl dgst -sha256 -hmac "$secret" -binary | base64
    [Theory]
    [InlineData(RequestSignature.HmacSha256, "QKiC6GnxrwLcArTBV94LE5i6N7bbYCSaQSd6TANC/eE=")]
    [InlineData(RequestSignature.HmacSm3, "4TnEPdULJvn2f/jXU7zRYTY9RdM8ovtXVP4jfJeulLM=")]
    public void Signs_a_GET_as_the_contract_says(string method, string expected)
    {
        var toSign = RequestSignature.StringToSign("get", PathAndQuery, Timestamp, Nonce, []);

        Assert.Equal(
            $"GET\n{PathAndQuery}\n{Timestamp}\n{Nonce}\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", toSign);
        Assert.Equal(expected, RequestSignature.Sign(method, Secret, toSign));
    }

    [Fact]
    public void Hashes_the_body_bytes_into_the_string_to_sign()
    {
        var body = "{\"a\":1}"u8.ToArray();

        var toSign = RequestSignature.StringToSign("POST", "/api/v1/catalogs/XYCN/batches", Timestamp, Nonce, body);

        Assert.EndsWith("\n015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862", toSign);
        var independent = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(toSign)));
        Assert.Equal(independent, RequestSignature.Sign(RequestSignature.HmacSha256, Secret, toSign));
    }

    [Fact]
    public void Refuses_an_unknown_sign_method()
    {
        Assert.False(RequestSignature.IsSupported("HMAC-MD5"));
        Assert.Throws<ArgumentOutOfRangeException>(() => RequestSignature.Sign("HMAC-MD5", Secret, "x"));
    }
}
