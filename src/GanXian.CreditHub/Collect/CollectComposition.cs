using GanXian.CreditHub.Blacklist;
using GanXian.CreditHub.Contributions;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.Mapping;
using GanXian.CreditHub.Penalties;
using GanXian.CreditHub.Platform;
using GanXian.CreditHub.Scheduling.Calendar;
using GanXian.CreditHub.Validation;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Collect;

public static class CollectComposition
{
    /// <summary>
    /// Collection: <c>Collect</c> options (checked at start, mappings loaded then), the mapping registry, validators,
    /// <see cref="ISourceFileReader"/> and <see cref="IRecordRules"/>.
    /// </summary>
    public static WebApplicationBuilder AddCollection(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CollectOptions>().Bind(builder.Configuration.GetSection(CollectOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CollectOptions>, CollectOptionsValidator>();
        services.AddSingleton<CollectSources>();
        services.AddSingleton(sp =>
        {
            // Read from configuration, not IOptions: the options check itself loads the registry.
            var configuration = sp.GetRequiredService<IConfiguration>();
            var directory = configuration[$"{CollectOptions.Section}:{nameof(CollectOptions.MappingsDirectory)}"] ?? new CollectOptions().MappingsDirectory;
            return new MappingRegistry(ResolveMappingsDirectory(directory, sp.GetRequiredService<IHostEnvironment>().ContentRootPath), key => Setting(sp, configuration, key));
        });
        services.AddSingleton(sp => sp.GetRequiredService<MappingRegistry>().Catalogs);
        services.AddSingleton<CatalogRuleSet, ContributionRules>();
        services.AddOptions<PenaltyPublicationOptions>().Bind(builder.Configuration.GetSection(PenaltyPublicationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PenaltyPublicationOptions>, PenaltyPublicationOptionsValidator>();
        services.AddSingleton<CatalogRuleSet, PenaltyRules>();
        services.AddSingleton<CatalogRuleSet, BlacklistRules>();
        foreach (var rules in SubjectCategoryRules.All().Concat<CatalogRuleSet>(DateOrderRules.All()))
        {
            services.AddSingleton(rules);
        }

        foreach (var (catalog, fields) in PastDateRules.Fields)
        {
            services.AddSingleton<CatalogRuleSet>(sp => new PastDateRules(catalog, fields, sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var (catalog, field) in PublicationDeadlineRules.Decisions)
        {
            services.AddSingleton<CatalogRuleSet>(sp =>
                new PublicationDeadlineRules(catalog, field, sp.GetRequiredService<WorkingDayCalendar>, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<RecordValidation>();
        services.AddSingleton<IRecordRules, RecordRules>();
        services.AddSingleton<ISourceFileReader, SourceFileReader>();
        return builder;
    }

    /// <summary>
    /// A <c>${Section:Key}</c> constant of a mapping file. The bureau's credit code is the platform client's setting,
    /// which fills in a demo code for the embedded simulator: take the effective value so SJLYDM equals the batches'
    /// sourceUnitUscc.
    /// </summary>
    public static string? Setting(IServiceProvider services, IConfiguration configuration, string key) =>
        !string.IsNullOrWhiteSpace(configuration[key]) ? configuration[key]
        : key == "Platform:SourceUnitUscc" ? services.GetService<IOptions<PlatformOptions>>()?.Value.SourceUnitUscc
        : key == $"{CollectOptions.Section}:{nameof(CollectOptions.SourceUnitName)}" ? CollectOptions.DefaultSourceUnitName
        : null;

    /// <summary>A relative folder is looked for in the content root (an operator's checkout), then beside the executable.</summary>
    public static string ResolveMappingsDirectory(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured))
        {
            return configured;
        }

        var local = Path.GetFullPath(configured, contentRoot);
        return Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, configured);
    }
}
