using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;
using static GanXian.CreditHub.IntegrationTests.Platform.SimulatedPlatform;

namespace GanXian.CreditHub.IntegrationTests.Platform;

/// <summary>The simulator reads POST bodies itself (not WireMock): compressed bodies, signatures and admin bodies as before.</summary>
public class SimulatorRequestBodyTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData(null)]
    public async Task A_batch_is_read_decompressed_and_signed_over_its_json(string? encoding)
    {
        await using var p = Start();
        var json = JsonSerializer.SerializeToUtf8Bytes(Batch(Upsert("r-1", SampleRecords.Contribution()), Upsert("r-2", SampleRecords.Contribution(2))),
            PlatformJsonContext.Default.BatchRequest);
        using var http = new HttpClient { BaseAddress = new Uri(p.Sim.Url) };

        using var response = await http.SendAsync(Signed("/api/v1/catalogs/SHBX_JFXX/batches", json, encoding));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), PlatformJsonContext.Default.BatchReceipt)!;
        Assert.All(receipt.Results, r => Assert.Equal(ReceiptResult.Accepted, r.Status));
        Assert.Equal(2, p.Sim.Records().Count);
    }

    [Fact]
    public async Task A_signature_over_other_bytes_is_refused()
    {
        await using var p = Start();
        var json = JsonSerializer.SerializeToUtf8Bytes(Batch(Upsert("r-1", SampleRecords.Contribution())), PlatformJsonContext.Default.BatchRequest);
        using var http = new HttpClient { BaseAddress = new Uri(p.Sim.Url) };
        var request = Signed("/api/v1/catalogs/SHBX_JFXX/batches", json, null);
        request.Content = new ByteArrayContent([.. json, (byte)' ']);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"BAD_SIGNATURE\"", await response.Content.ReadAsStringAsync());
        Assert.Empty(p.Sim.Records());
    }

    [Fact]
    public async Task Admin_posts_read_their_body()
    {
        await using var p = Start();
        using var http = new HttpClient { BaseAddress = new Uri(p.Sim.Url) };

        using var response = await http.PostAsync("/_sim/feedback", new StringContent(
            """{"catalog":"SHBX_JFXX","recordId":"r-9","code":"CROSS_CHECK_MISMATCH","message":"与登记信息不一致"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var page = await p.Api.GetFeedbackAsync();
        Assert.Equal(("r-9", "与登记信息不一致"), (Assert.Single(page.Items).RecordId, page.Items[0].Message));
    }

    private static HttpRequestMessage Signed(string path, byte[] json, string? encoding)
    {
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(encoding is null ? json : Compress(json, encoding)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (encoding is not null)
        {
            request.Content.Headers.ContentEncoding.Add(encoding);
        }

        request.Headers.Add(RequestSignature.AppKeyHeader, AppKey);
        request.Headers.Add(RequestSignature.TimestampHeader, timestamp);
        request.Headers.Add(RequestSignature.NonceHeader, nonce);
        request.Headers.Add(RequestSignature.SignMethodHeader, RequestSignature.HmacSha256);
        request.Headers.Add(RequestSignature.SignatureHeader,
            RequestSignature.Sign(RequestSignature.HmacSha256, AppSecret, RequestSignature.StringToSign("POST", path, timestamp, nonce, json)));
        return request;
    }

    private static byte[] Compress(byte[] data, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream zip = encoding == "gzip" ? new GZipStream(buffer, CompressionLevel.Fastest) : new DeflateStream(buffer, CompressionLevel.Fastest))
        {
            zip.Write(data);
        }

        return buffer.ToArray();
    }
}
