using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange.Pages;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Scheduling;
using GanXian.CreditHub.Web;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Exchange;

public static class ExchangeComposition
{
    public static WebApplicationBuilder AddHubExchange(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExchangeOptions>()
            .Bind(builder.Configuration.GetSection(ExchangeOptions.Section))
            .Validate(o => o.BatchSize is > 0 and <= 500, "配置项 Exchange:BatchSize 必须在 1 到 500 之间")
            .Validate(o => o.MaxBatchBytes is > 10_000 and <= 5 * 1024 * 1024, "配置项 Exchange:MaxBatchBytes 必须大于 10000 且不超过 5 MiB（5242880）")
            .Validate(o => o.BatchesInFlight is > 0 and <= 16, "配置项 Exchange:BatchesInFlight 必须在 1 到 16 之间")
            .Validate(o => o.BatchesPerTransaction is > 0 and <= 100, "配置项 Exchange:BatchesPerTransaction 必须在 1 到 100 之间")
            .Validate(o => o.PushLanes is > 0 and <= 8, "配置项 Exchange:PushLanes 必须在 1 到 8 之间")
            .Validate(o => o.MaxUploadBytes is >= 1024 and <= 16L * 1024 * 1024 * 1024, "配置项 Exchange:MaxUploadBytes 必须在 1024 到 17179869184（16 GiB）之间")
            .ValidateOnStart();
        builder.Services.AddHubDistributedLock(builder.Configuration);
        builder.Services.AddScoped<ExchangeRunner>();
        builder.Services.AddScoped<QuarantineActions>();
        builder.Services.AddScoped<RecordActions>();
        builder.Services.AddScoped<InboxUpload>();
        // An upload's form may be as large as the upload limit (parts above 64 KB are buffered on disk, not in memory).
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<ExchangeOptions>>((form, exchange) =>
            form.MultipartBodyLengthLimit = Math.Max(form.MultipartBodyLengthLimit, exchange.Value.MaxUploadBytes + FileEndpoints.MultipartSlack));
        builder.Services.AddHubNavigation(new NavigationItem("文件", FilePages.ListPath, Policies.Operations, Order: 90));
        builder.Services.AddHubNavigation(new NavigationItem("隔离记录", QuarantinePages.ListPath, Policies.Operations, Order: 100));
        builder.Services.AddHubNavigation(new NavigationItem("交换记录", RecordPages.ListPath, Policies.Operations, Order: 110));
        builder.Services.AddScoped<IScheduledTask, NightlyExchangeTask>();
        builder.Services.AddScoped<IScheduledTask, RetryPendingTask>();
        builder.Services.AddScoped<IScheduledTask, FeedbackPullTask>();
        return builder;
    }

    public static WebApplication MapHubExchange(this WebApplication app)
    {
        app.MapQuarantine();
        app.MapExchangeRecords();
        app.MapExchangeFiles();
        return app;
    }
}
