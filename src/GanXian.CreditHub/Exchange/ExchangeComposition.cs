using GanXian.CreditHub.Data;
using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.Exchange;

public static class ExchangeComposition
{
    public static WebApplicationBuilder AddHubExchange(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExchangeOptions>()
            .Bind(builder.Configuration.GetSection(ExchangeOptions.Section))
            .Validate(o => o.BatchSize is > 0 and <= 500, "配置项 Exchange:BatchSize 必须在 1 到 500 之间")
            .Validate(o => o.MaxBatchBytes is > 10_000 and <= 5 * 1024 * 1024, "配置项 Exchange:MaxBatchBytes 必须不超过 5 MiB（5242880）")
            .Validate(o => o.Sources.All(s => s.Name.Length > 0 && s.Catalog.Length > 0 && s.Inbox.Length > 0 && s.MappingFile.Length > 0),
                "配置项 Exchange:Sources 的每一项都需要 Name、Catalog、Inbox 和 MappingFile")
            .Validate(o => o.Sources.Select(s => s.Name).Distinct().Count() == o.Sources.Count, "配置项 Exchange:Sources 中的 Name 不能重复")
            .ValidateOnStart();
        builder.Services.AddHubDistributedLock(builder.Configuration);
        builder.Services.AddScoped<ExchangeRunner>();
        builder.Services.AddScoped<IScheduledTask, NightlyExchangeTask>();
        builder.Services.AddScoped<IScheduledTask, RetryPendingTask>();
        builder.Services.AddScoped<IScheduledTask, FeedbackPullTask>();
        return builder;
    }

    public static WebApplication MapHubExchange(this WebApplication app)
    {
        app.MapQuarantine();
        return app;
    }
}
