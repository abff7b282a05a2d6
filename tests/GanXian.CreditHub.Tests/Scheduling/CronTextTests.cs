using System.Text.Json.Nodes;
using GanXian.CreditHub.Scheduling;

namespace GanXian.CreditHub.Tests.Scheduling;

public sealed class CronTextTests
{
    [Theory]
    [InlineData("0 30 1 * * ?", "每天 01:30")]
    [InlineData("0 0 8 * * ?", "每天 08:00")]
    [InlineData("0 0/15 * * * ?", "每 15 分钟")]
    [InlineData("0 */10 * * * ?", "每 10 分钟")]
    [InlineData("0 5 * * * ?", "每小时第 5 分")]
    [InlineData("0 0 4 ? * SUN", "每周日 04:00")]
    [InlineData("0 0 4 ? * 2", "每周一 04:00")]
    [InlineData("0 15 9 ? * MON-FRI", "每周一至周五 09:15")]
    [InlineData("0 0 18 ? * MON,WED,FRI", "每周一、周三、周五 18:00")]
    [InlineData("0 0 2 1 * ?", "每月 1 日 02:00")]
    [InlineData("0 0 8 1 12 ?", "每年 12 月 1 日 08:00")]
    [InlineData("0 0 2 1 * ? *", "每月 1 日 02:00")]
    public void Common_shapes_read_as_an_officer_says_them(string cron, string expected) => Assert.Equal(expected, CronText.Describe(cron));

    [Theory]
    [InlineData("0 0 2 L * ?")]
    [InlineData("0 0 9-17 * * ?")]
    [InlineData("30 0 2 * * ?")]
    [InlineData("0 0 2 ? * 6#3")]
    [InlineData("0 0 2 * * ? 2027")]
    [InlineData("not a cron")]
    public void Anything_else_is_shown_as_the_expression_itself(string cron) => Assert.Equal(cron, CronText.Describe(cron));

    [Fact]
    public void Every_schedule_in_the_repository_is_described()
    {
        var files = Directory.GetFiles(Path.Combine(RepositorySchedules.Directory, "jobs"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var cron = JsonNode.Parse(File.ReadAllText(file))!["cron"]!.GetValue<string>();
            Assert.NotEqual(cron, CronText.Describe(cron));
        }
    }
}
