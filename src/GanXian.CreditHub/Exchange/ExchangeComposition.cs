using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange.Pages;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Scheduling;
using GanXian.CreditHub.Web;

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
            .ValidateOnStart();
        builder.Services.AddHubDistributedLock(builder.Configuration);
        builder.Services.AddScoped<ExchangeRunner>();
        builder.Services.AddScoped<QuarantineActions>();
        builder.Services.AddScoped<RecordActions>();
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
        return app;
    }
}
