using System.Net;
using System.Security.Cryptography;
using System.Text;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Platform.Contract;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GanXian.CreditHub.Tests.Platform;

public class SigningHandlerTests
{
    private sealed class Recorder(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        public List<(Dictionary<string, string> Headers, byte[] Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
            Seen.Add((request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)), body));
            return new HttpResponseMessage(answers[Math.Min(Seen.Count - 1, answers.Length - 1)]);
        }
    }

    private static (HttpMessageInvoker Invoker, Recorder Recorder, FakeTimeProvider Clock) Build(params HttpStatusCode[] answers)
    {
        var options = Options.Create(new PlatformOptions
        {
            Mode = "Remote", BaseUrl = "http://platform.test/", AppKey = "KEY", AppSecret = "SECRET", SignMethod = RequestSignature.HmacSha256,
        });
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1764350000000));
        var recorder = new Recorder(answers);
        var handler = new SigningHandler(new PlatformEndpoint(options), options, clock, NullLogger<SigningHandler>.Instance) { InnerHandler = recorder };
        return (new HttpMessageInvoker(handler), recorder, clock);
    }

    [Fact]
    public async Task Signs_method_path_query_timestamp_nonce_and_body()
    {
        var (invoker, recorder, _) = Build(HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Post, "http://platform.test/api/v1/catalogs/XYCN/batches?x=%2B1")
        {
            Content = new StringContent("{\"batchId\":\"b\"}", Encoding.UTF8, "application/json"),
        };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var (headers, body) = Assert.Single(recorder.Seen);
        Assert.Equal("KEY", headers["X-Credit-AppKey"]);
        Assert.Equal("1764350000000", headers["X-Credit-Timestamp"]);
        Assert.Equal("HMAC-SHA256", headers["X-Credit-SignMethod"]);
        Assert.True(Guid.TryParse(headers["X-Credit-Nonce"], out _));
        var toSign = $"POST\n/api/v1/catalogs/XYCN/batches?x=%2B1\n1764350000000\n{headers["X-Credit-Nonce"]}\n"
                     + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("{\"batchId\":\"b\"}")));
        var expected = Convert.ToBase64String(HMACSHA256.HashData("SECRET"u8, Encoding.UTF8.GetBytes(toSign)));
        Assert.Equal(expected, headers["X-Credit-Signature"]);
        Assert.Equal("{\"batchId\":\"b\"}", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public async Task Re_signs_a_401_once_with_a_new_nonce_then_returns_the_answer()
    {
        var (invoker, recorder, _) = Build(HttpStatusCode.Unauthorized, HttpStatusCode.OK);

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://platform.test/api/v1/catalogs"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, recorder.Seen.Count);
        Assert.NotEqual(recorder.Seen[0].Headers["X-Credit-Nonce"], recorder.Seen[1].Headers["X-Credit-Nonce"]);
    }

    [Fact]
    public async Task Surfaces_a_second_401_without_a_third_try()
    {
        var (invoker, recorder, _) = Build(HttpStatusCode.Unauthorized);

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://platform.test/api/v1/catalogs"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, recorder.Seen.Count);
    }
}
