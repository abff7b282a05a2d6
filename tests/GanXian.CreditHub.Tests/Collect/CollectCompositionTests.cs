using System.Text.Json.Nodes;
using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Exchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>The rules the hub validates with are those AddCollection registers, not only those the test kit builds.</summary>
public class CollectCompositionTests
{
    [Theory]
    [InlineData("XZCF", "CF_JDRQ", "2026-12-02", "CF_JDRQ", "DATE_IN_FUTURE")]
    [InlineData("XYCN", "CNRQ", "2026-12-02", "CNRQ", "DATE_IN_FUTURE")]
    [InlineData("SHBX_YZSX", "ZT", "移出", "YCRQ", "REMOVAL_DATE_REQUIRED")]
    public void The_hub_validates_with_the_catalogue_rules(string catalog, string field, string value, string issueField, string rule)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(Settings.Append(new("Collect:MappingsDirectory", MappingsDirectory)).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddSingleton<TimeProvider>(Clock());
        builder.AddCollection();
        using var services = builder.Services.BuildServiceProvider();

        var issues = services.GetRequiredService<IRecordRules>().Validate(catalog, new JsonObject { [field] = value });

        Assert.Contains(issues, i => i.Field == issueField && i.Rule == rule);
    }
}
