using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.Validation.Identifiers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace GanXian.CreditHub.Platform;

public static class PlatformComposition
{
    /// <summary>The client's named HttpClient (and resilience pipeline).</summary>
    public const string ClientName = "platform";

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddPlatformClient(builder.Configuration.GetSection(PlatformOptions.Section));
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.PostConfigure<PlatformOptions>(o =>
        {
            o.SimulatorStateFile = Hosting.ContentRoot.Resolve(o.SimulatorStateFile, contentRoot);
            o.SimulatorPath = Hosting.ContentRoot.Resolve(o.SimulatorPath, contentRoot);
        });
        return builder;
    }

    /// <summary>
    /// Registers <see cref="IPlatformApi"/>: Refit with source-generated JSON, signing, and a resilience pipeline
    /// of its own (total timeout → retry honouring Retry-After → circuit breaker → per-attempt timeout). Every failure
    /// surfaces as a <see cref="PlatformException"/>.
    /// </summary>
    public static IServiceCollection AddPlatformClient(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<PlatformOptions>()
            .Bind(section)
            .PostConfigure(o =>
            {
                if (!o.IsRemote && string.IsNullOrWhiteSpace(o.SourceUnitUscc))
                {
                    o.SourceUnitUscc = EmbeddedSimulator.DemoSourceUnitUscc;
                }
            })
            .Validate(o => PlatformOptions.ParseMode(o.Mode) is not null, "配置项 Platform:Mode 的值无效，应为 Remote 或 EmbeddedSimulator")
            .Validate(o => !o.IsRemote || IsHttpUrl(o.BaseUrl), "配置项 Platform:BaseUrl 缺失或不是 http(s) 绝对地址（Platform:Mode=Remote 时必填）")
            .Validate(o => !o.IsRemote || !string.IsNullOrWhiteSpace(o.AppKey), "缺少配置项 Platform:AppKey（Platform:Mode=Remote 时必填）")
            .Validate(o => !o.IsRemote || !string.IsNullOrWhiteSpace(o.AppSecret),
                "缺少配置项 Platform:AppSecret（Platform:Mode=Remote 时必填；请通过环境变量 Platform__AppSecret 或 user-secrets 提供，切勿写入仓库）")
            .Validate(o => RequestSignature.IsSupported(o.SignMethod), "配置项 Platform:SignMethod 的值无效，应为 HMAC-SHA256 或 HMAC-SM3")
            .Validate(o => UnifiedSocialCreditCode.IsValid(o.SourceUnitUscc), "配置项 Platform:SourceUnitUscc 缺失或不是有效的统一社会信用代码")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero, "配置项 Platform:AttemptTimeout 必须大于 0")
            .Validate(o => o.TotalTimeout >= o.AttemptTimeout, "配置项 Platform:TotalTimeout 不能小于 Platform:AttemptTimeout")
            .Validate(o => o.MaxRetryAttempts is >= 0 and <= 20, "配置项 Platform:MaxRetryAttempts 应在 0 到 20 之间")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero, "配置项 Platform:RetryBaseDelay 不能为负")
            .Validate(o => o.CircuitBreakerFailureRatio is > 0 and <= 1, "配置项 Platform:CircuitBreakerFailureRatio 应大于 0 且不大于 1")
            .Validate(o => o.CircuitBreakerMinimumThroughput >= 2, "配置项 Platform:CircuitBreakerMinimumThroughput 至少为 2")
            .Validate(o => o.CircuitBreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), "配置项 Platform:CircuitBreakerSamplingDuration 至少 500 毫秒")
            .Validate(o => o.CircuitBreakerBreakDuration >= TimeSpan.FromMilliseconds(500), "配置项 Platform:CircuitBreakerBreakDuration 至少 500 毫秒")
            .ValidateOnStart();

        services.AddSingleton<PlatformEndpoint>();
        services.AddTransient<SigningHandler>();
        services.AddSingleton<EmbeddedSimulator>();

        var http = services.AddRefitGeneratedClient<IPlatformApi>(PlatformJsonContext.Default, _ => RefitSettings(), ClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = sp.GetRequiredService<PlatformEndpoint>().Current.BaseUri;
                // The resilience pipeline owns timing; HttpClient's own timeout only backs it up.
                client.Timeout = sp.GetRequiredService<IOptions<PlatformOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(5);
            });

        http.AddResilienceHandler(ClientName, (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<PlatformOptions>>().Value;
            pipeline.AddTimeout(o.TotalTimeout);
            // Retrying POST is safe only because a batch is idempotent by batchId + body (PLATFORM-API.md §4).
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(o.MaxRetryAttempts, 1),
                ShouldHandle = o.MaxRetryAttempts == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryBaseDelay,
                ShouldRetryAfterHeader = true,
            });
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = o.CircuitBreakerFailureRatio,
                MinimumThroughput = o.CircuitBreakerMinimumThroughput,
                SamplingDuration = o.CircuitBreakerSamplingDuration,
                BreakDuration = o.CircuitBreakerBreakDuration,
            });
            pipeline.AddTimeout(o.AttemptTimeout);
        });

        http.AddHttpMessageHandler<SigningHandler>();
        return services;
    }

    private static RefitSettings RefitSettings()
    {
        var urlFormatter = new DefaultUrlParameterFormatter();
        urlFormatter.AddFormat<DateTimeOffset>("O");
        return new RefitSettings
        {
            UrlParameterFormatter = urlFormatter,
            ExceptionFactory = async response => response.IsSuccessStatusCode ? null : await ToApiExceptionAsync(response),
            DeserializationExceptionFactory = (response, ex) => ValueTask.FromResult<Exception?>(new PlatformApiException(
                response.StatusCode, PlatformApiException.MalformedResponse, "平台应答不是合法的 JSON", null, null, ex)),
            TransportExceptionFactory = TranslateTransportException,
        };
    }

    private static Exception TranslateTransportException(HttpRequestMessage request, Exception ex, CancellationToken ct) => ex switch
    {
        OperationCanceledException when ct.IsCancellationRequested => ex,
        BrokenCircuitException => new PlatformUnavailableException("省平台暂不可用（熔断器已打开），请稍后重试", ex),
        TimeoutRejectedException => new PlatformUnavailableException($"调用省平台超时（{request.Method} {request.RequestUri?.AbsolutePath}）", ex),
        OperationCanceledException => new PlatformUnavailableException($"调用省平台超时（{request.Method} {request.RequestUri?.AbsolutePath}）", ex),
        HttpRequestException => new PlatformUnavailableException($"无法连接省平台或连接中断（{request.Method} {request.RequestUri?.AbsolutePath}）", ex),
        _ => ex,
    };

    internal static async Task<PlatformApiException> ToApiExceptionAsync(HttpResponseMessage response)
    {
        PlatformErrorBody? body = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync();
            body = JsonSerializer.Deserialize(text, PlatformJsonContext.Default.PlatformErrorBody);
        }
        catch (JsonException)
        {
            // A proxy's HTML error page, say: the status alone classifies it.
        }

        var code = string.IsNullOrWhiteSpace(body?.Code) ? $"HTTP_{(int)response.StatusCode}" : body.Code;
        return new PlatformApiException(response.StatusCode, code, body?.Message ?? response.ReasonPhrase ?? "", body?.TraceId, RetryAfterOf(response.Headers.RetryAfter, response.Headers.Date));
    }

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset? responseDate) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when responseDate is { } now => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
