using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.Web;

namespace GanXian.CreditHub.AuditLog;

public static class AuditLogComposition
{
    public static WebApplicationBuilder AddAuditLog(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuditLogOptions>()
            .Bind(builder.Configuration.GetSection(AuditLogOptions.Section))
            .PostConfigure<IHostEnvironment>((o, env) =>
            {
                o.SigningKeyPath = Hosting.ContentRoot.Resolve(o.SigningKeyPath, env.ContentRootPath);
                o.CheckpointsPath = Hosting.ContentRoot.Resolve(o.CheckpointsPath, env.ContentRootPath);
            })
            .Validate(o => o.CheckpointEvery > 0, "配置项 AuditLog:CheckpointEvery 必须为正整数")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SigningKeyPath), "缺少配置项 AuditLog:SigningKeyPath")
            .Validate(o => !string.IsNullOrWhiteSpace(o.CheckpointsPath), "缺少配置项 AuditLog:CheckpointsPath")
            .ValidateOnStart();
        services.AddSingleton<AuditCheckpointTrigger>();
        services.AddSingleton<AuditSigningKey>();
        services.AddSingleton<CheckpointFile>();
        services.AddSingleton<IAuditCheckpoints, AuditCheckpoints>();
        services.AddHostedService<AuditCheckpointService>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditExporter>();
        services.AddScoped<AuditSearch>();
        services.AddSingleton<IAuditLog, AuditLogWriter>();
        services.AddSingleton<ISchemaExtension, AuditSchemaExtension>();
        services.AddHubNavigation(new NavigationItem("审计日志", "/audit", Policies.Auditor, Order: 800));
        return builder;
    }
}
