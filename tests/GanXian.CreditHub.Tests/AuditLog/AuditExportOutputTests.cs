using GanXian.CreditHub.AuditLog;

namespace GanXian.CreditHub.Tests.AuditLog;

public sealed class AuditExportOutputTests
{
    [Fact]
    public void An_output_folder_that_does_not_exist_is_one_Chinese_line_not_the_runtime_s_English()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "x.jsonl");
        var error = new StringWriter();

        Assert.Null(AuditVerbs.OpenOutput(path, error));
        Assert.Equal($"无法写入输出文件 {path}：所在目录不存在，未导出。" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void A_folder_given_as_the_output_asks_for_a_file_name()
    {
        var error = new StringWriter();

        Assert.Null(AuditVerbs.OpenOutput(Path.GetTempPath(), error));
        Assert.Contains("这是一个目录，请给出文件名", error.ToString());
    }
}
