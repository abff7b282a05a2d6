using System.Text.RegularExpressions;
using GanXian.CreditHub.AuditLog;
using GanXian.CreditHub.Tests.Collect;

namespace GanXian.CreditHub.Tests.AuditLog;

public sealed partial class AuditKindsTests
{
    [GeneratedRegex(@"""((?:record|batch|file|quarantine|reconcile|user|apikey|audit)\.[a-z]+(?:-[a-z]+)*)""")]
    private static partial Regex KindLiteral();

    /// <summary>The auditors' page names every kind the hub writes; a new one without a name would show as its bare code.</summary>
    [Fact]
    public void Every_kind_the_code_writes_has_a_chinese_name()
    {
        var source = Path.Combine(CollectTestKit.RepoRoot, "src", "GanXian.CreditHub");
        var kinds = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.EndsWith("AuditKinds.cs", StringComparison.Ordinal))
            .SelectMany(f => KindLiteral().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("record.accepted", kinds);
        Assert.Contains("user.login-failed", kinds);
        Assert.True(kinds.Count >= 25, string.Join(", ", kinds));
        Assert.Empty(kinds.Where(k => AuditKinds.Label(k) == k).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_kind_or_state_shows_as_its_code()
    {
        Assert.Equal("平台已接收", AuditKinds.Label("record.accepted"));
        Assert.Equal("something.new", AuditKinds.Label("something.new"));
        Assert.Equal("已撤回", AuditKinds.StateLabel("withdrawn"));
        Assert.Equal("odd", AuditKinds.StateLabel("odd"));
        Assert.Equal("—", AuditKinds.StateLabel(null));
    }

    [Fact]
    public void A_filter_takes_the_chinese_names_for_the_codes()
    {
        var filter = new AuditFilter { State = "已接收", Kind = "平台已接收" };
        Assert.Equal(("accepted", "record.accepted"), (filter.State, filter.Kind));
        Assert.Equal(("rejected", "record.rejected"), (new AuditFilter { State = " Rejected ", Kind = "RECORD.REJECTED" }.State, new AuditFilter { Kind = "RECORD.REJECTED" }.Kind));
        Assert.Equal("something", new AuditFilter { State = "Something" }.State);
    }
}
