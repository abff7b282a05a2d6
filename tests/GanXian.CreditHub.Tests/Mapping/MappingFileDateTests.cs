using System.Text;
using GanXian.CreditHub.Exchange;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Mapping;

/// <summary>Every date column of every mapping file, read from an export typed with full-width digits (a Chinese input method's default).</summary>
public class MappingFileDateTests
{
    public static TheoryData<string> Files => [.. Registry.Mappings.Select(m => m.Definition.File).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_date_written_in_full_width_digits_is_accepted(string file)
    {
        var mapping = Registry.Find(file)!;
        var columns = mapping.Fields.Where(f => f.Mapping.Value is null).Select(f => f.Mapping.Columns[0]).Distinct().ToList();
        var dates = mapping.Fields.Where(f => f.Mapping.Transforms.Any(t => t.StartsWith("date:", StringComparison.Ordinal)) && f.Spec.Format is null or "yyyy-MM-dd")
            .Select(f => (f.Spec.Code, Column: f.Mapping.Columns[0])).ToList();
        Assert.NotEmpty(dates);
        // The other cells only need to be there: their issues are not what this test is about.
        var row = columns.Select(c => dates.Any(d => d.Column == c) ? "２０２６－０８－０１" : "甲");
        var path = WriteText($"{mapping.Catalog.Code}.csv", string.Join(",", columns) + "\n" + string.Join(",", row) + "\n", new UTF8Encoding(false));

        var records = new List<CollectedRecord>();
        var source = new SourceDefinition("test", mapping.Catalog.Code, "inbox", "archive", "rejected", file);
        await foreach (var r in Reader().ReadAsync(source, path, null, CancellationToken.None))
        {
            records.Add(r);
        }

        var record = Assert.Single(records);
        foreach (var (code, column) in dates)
        {
            Assert.DoesNotContain(record.Issues, i => i.Field == code && i.Rule == "INVALID_DATE");
            Assert.Equal((column, "2026-08-01"), (column, record.Fields![code].Text));
        }
    }
}
