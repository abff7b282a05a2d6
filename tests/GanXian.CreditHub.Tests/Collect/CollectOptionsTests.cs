using GanXian.CreditHub.Collect;
using GanXian.CreditHub.Mapping;
using Microsoft.Extensions.DependencyInjection;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Collect;

public class CollectOptionsTests
{
    private static IReadOnlyList<string> Failures(params SourceOptions[] sources)
    {
        var services = new ServiceCollection().AddSingleton(Registry).BuildServiceProvider();
        var result = new CollectOptionsValidator(services).Validate(null, new CollectOptions { Sources = [.. sources] });
        return result.Failures?.ToList() ?? [];
    }

    private static SourceOptions Good() => new()
    {
        Name = "shbx-jfxx", Catalog = "SHBX_JFXX", Inbox = "data/inbox/a", Archive = "data/archive/a", Rejected = "data/rejected/a",
        MappingFile = "SHBX_JFXX.json", Encoding = "auto",
    };

    [Fact]
    public void The_default_source_is_valid() => Assert.Empty(Failures(Good()));

    [Fact]
    public void Missing_keys_are_named()
    {
        var s = Good();
        s.Inbox = "";
        s.MappingFile = " ";
        var failures = Failures(Good(), s);
        Assert.Contains("缺少配置项 Collect:Sources:1:Inbox", failures);
        Assert.Contains("缺少配置项 Collect:Sources:1:MappingFile", failures);
        Assert.Contains(failures, f => f.Contains("Collect:Sources:1:Name") && f.Contains("重复"));
    }

    [Fact]
    public void Encoding_mapping_and_catalogue_must_fit()
    {
        var s = Good();
        s.Encoding = "latin-7";
        s.Catalog = "XZCF";
        var failures = Failures(s);
        Assert.Contains(failures, f => f.Contains("Collect:Sources:0:Encoding"));
        Assert.Contains(failures, f => f.Contains("Collect:Sources:0:Catalog"));

        var missing = Good();
        missing.MappingFile = "nope.json";
        Assert.Contains(Failures(missing), f => f.Contains("Collect:Sources:0:MappingFile"));
    }

    [Fact]
    public void Folders_must_differ()
    {
        var s = Good();
        s.Archive = s.Inbox;
        Assert.Contains(Failures(s), f => f.Contains("Collect:Sources:0") && f.Contains("不同的文件夹"));
    }

    [Fact]
    public void Declared_encodings_are_known() =>
        Assert.All(new[] { "utf-8", "GBK", "gb18030", "gb2312" }, e => Assert.NotNull(TextEncodings.Strict(e)));
}
