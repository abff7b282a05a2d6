using GanXian.CreditHub.Web;

namespace GanXian.CreditHub.Tests.Web;

public sealed class ListFilterTests
{
    private static readonly string[] Statuses = ["open", "dismissed"];

    [Fact]
    public void A_blank_or_known_value_is_no_message_and_a_known_one_takes_its_spelling()
    {
        var filter = new ListFilter();
        Assert.Null(filter.Check("状态", null, Statuses));
        Assert.Null(filter.Check("状态", " \t", Statuses));
        Assert.Equal("dismissed", filter.Check("状态", " DISMISSED ", Statuses));
        Assert.Null(filter.Message);
    }

    [Fact]
    public void Each_unknown_value_is_dropped_and_named_with_an_id_number_masked()
    {
        var filter = new ListFilter();
        Assert.Null(filter.Check("状态", " bogus ", Statuses));
        Assert.Null(filter.Check("目录", "36072119900101123X", []));
        var message = filter.Message!;
        Assert.True(message.Failed);
        Assert.Equal("筛选条件“状态”的值“bogus”无效，已显示全部。 筛选条件“目录”的值“360721********123X”无效，已显示全部。", message.Text);
    }
}
