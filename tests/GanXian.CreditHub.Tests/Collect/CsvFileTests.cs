using System.Text;
using GanXian.CreditHub.Exchange;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>Delimited text whose quotes are wrong: the message names the row where the quoted field starts, in Chinese.</summary>
public class CsvFileTests
{
    private static string Rows(int count, int at, Func<string, string> spoil, int after = 0) =>
        Header + "\n" + string.Join("\n", Enumerable.Range(0, count + after).Select(i => i == at ? spoil(GoodRow) : GoodRow.Replace("202610", $"{202001 + i}"))) + "\n";

    private static async Task<string> RefusalAsync(string text) =>
        (await Assert.ThrowsAsync<SourceFileUnreadableException>(() => ReadAllAsync(WriteText("引号.csv", text, new UTF8Encoding(false))))).Message;

    [Theory]
    [InlineData(3)]   // among the top rows, where the header is looked for
    [InlineData(30)]  // further down
    public async Task An_unclosed_quote_names_the_row_and_column_where_the_quoted_field_starts(int at)
    {
        var message = await RefusalAsync(Rows(40, at, r => r.Replace(",企业职工", ",\"企业职工")));

        Assert.StartsWith($"文件 引号.csv 第 {at + 2} 行", message);
        Assert.Contains("的字段以英文双引号（\"）开头，但引号没有正确闭合", message);
        Assert.DoesNotContain("开头的表头", message);
        Assert.DoesNotMatch("[A-Za-z]{3,}", message.Replace("引号.csv", ""));
        if (at == 30)
        {
            Assert.Contains("（列“险种类型”）", message);
        }
    }

    [Fact]
    public async Task An_unclosed_quote_in_the_first_row_names_that_row()
    {
        var message = await RefusalAsync("\"赣县区2026年10月单位缴费明细表\n" + Rows(3, -1, r => r));

        Assert.StartsWith("文件 引号.csv 第 1 行第 1 列的字段以英文双引号（\"）开头，但引号没有正确闭合", message);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_is_named_the_same_way()
    {
        var message = await RefusalAsync(Rows(40, 30, r => r.Replace("赣州宏达稀土新材料有限公司", "\"赣州宏达\"稀土新材料有限公司")));

        Assert.StartsWith("文件 引号.csv 第 32 行（列“单位名称”）的字段以英文双引号（\"）开头，但引号没有正确闭合", message);
    }

    [Fact]
    public async Task A_quote_that_swallows_more_than_the_buffer_names_its_row()
    {
        var message = await RefusalAsync(Rows(40, 30, r => r.Replace(",企业职工", ",\"企业职工"), after: 200_000));

        Assert.StartsWith("文件 引号.csv 第 32 行起的一行超过 1677 万个字符", message);
        Assert.Contains("英文双引号（\"）没有闭合", message);
        Assert.DoesNotMatch("[A-Za-z]{3,}", message.Replace("引号.csv", ""));
    }
}
