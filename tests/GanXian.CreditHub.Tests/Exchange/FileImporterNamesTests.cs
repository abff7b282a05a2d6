using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Tests.Exchange;

/// <summary>A worksheet's part of a workbook is named after both, and the workbook's name is found again from it.</summary>
public class FileImporterNamesTests
{
    [Theory]
    [InlineData("分险种.xlsx", "工伤")]
    [InlineData("缴费（补报）.xls", "2026年7月")]
    [InlineData("a.xlsx", "（工作表“x”）")]
    public void A_part_name_gives_back_its_workbook(string file, string sheet)
    {
        var part = FileImporter.PartName(file, sheet);

        Assert.Equal($"{file}（工作表“{sheet}”）", part);
        Assert.Equal(file, FileImporter.FileOfPart(part));
    }

    [Theory]
    [InlineData("缴费_202610.csv")]
    [InlineData("说明（工作表“x”）.csv")]
    [InlineData("（工作表“x”）")]
    public void Any_other_name_is_its_own_file(string name) => Assert.Equal(name, FileImporter.FileOfPart(name));
}
