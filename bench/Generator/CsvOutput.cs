using System.Text;

namespace GanXian.CreditHub.Bench.Generator;

internal static class CsvOutput
{
    static CsvOutput() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary><c>gbk</c>, <c>gb18030</c>, <c>utf-8</c> (no BOM) or <c>utf-8-bom</c>.</summary>
    public static Encoding Encoding(string name) => name.ToLowerInvariant() switch
    {
        "gbk" => System.Text.Encoding.GetEncoding("GBK"),
        "gb18030" => System.Text.Encoding.GetEncoding("GB18030"),
        "utf-8-bom" or "utf8-bom" => new UTF8Encoding(true),
        "utf-8" or "utf8" => new UTF8Encoding(false),
        _ => throw new ArgumentException($"unknown encoding {name}"),
    };

    public static void Write(TextWriter w, IReadOnlyList<string> cells, string newline = "\r\n")
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                w.Write(',');
            }

            var c = cells[i];
            if (c.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                w.Write('"');
                w.Write(c.Replace("\"", "\"\""));
                w.Write('"');
            }
            else
            {
                w.Write(c);
            }
        }

        w.Write(newline);
    }

    public static string[] Cells(ContributionRow r) =>
        [r.Name, r.CreditCode, r.InsuranceType, r.Period, r.Insured, r.Due, r.Paid, r.Arrears, r.Status, r.StatDate, r.Remark];
}
