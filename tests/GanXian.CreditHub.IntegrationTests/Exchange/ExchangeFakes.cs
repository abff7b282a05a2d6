using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

// A hand-written stand-in for the collection side (ISourceFileReader, IRecordRules) until the real reader lands:
// it keeps to the seam contract (one CollectedRecord per row, SourceFileUnreadableException mid-stream) and produces
// data the real simulator accepts.

/// <summary>
/// A tiny CSV source for SHBX_JFXX: <c>TYSHXYDM,XZLX,FKSSQ,YJJE</c>. A row with a non-numeric amount or an empty code is
/// invalid; a line <c>#BROKEN</c> makes the file unreadable mid-stream.
/// </summary>
internal sealed class TestCsvReader : ISourceFileReader
{
    public IReadOnlyList<string> TableSheetsOf(SourceDefinition source, string path) => [];

    public async IAsyncEnumerable<CollectedRecord> ReadAsync(SourceDefinition source, string path, string? sheet, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path);
        var header = await reader.ReadLineAsync(ct);
        if (header != "TYSHXYDM,XZLX,FKSSQ,YJJE")
        {
            throw new SourceFileUnreadableException(path, "缺少必需的列：统一社会信用代码");
        }

        long row = 1;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            row++;
            if (line == "#BROKEN")
            {
                throw new SourceFileUnreadableException(path, $"第 {row} 行无法解析：字段数不符");
            }

            var f = line.Split(',');
            var original = new Dictionary<string, string?> { ["统一社会信用代码"] = f[0], ["险种类型"] = f[1], ["费款所属期"] = f[2], ["应缴金额"] = f[3] };
            var issues = new List<RecordIssue>();
            if (f[0].Length == 0)
            {
                issues.Add(new RecordIssue("TYSHXYDM", "统一社会信用代码", "REQUIRED", "统一社会信用代码不能为空"));
            }

            JsonObject? data = null;
            if (decimal.TryParse(f[3], out var amount))
            {
                data = TestRules.Data(f[0], f[1], f[2], amount);
            }
            else
            {
                issues.Add(new RecordIssue("YJJE", "应缴金额", "INVALID_TYPE", $"应缴金额“{f[3]}”不是数字"));
            }

            var recordId = f[0].Length == 0 ? null : $"{f[0]}-{f[1]}-{f[2]}";
            yield return new CollectedRecord(source.Catalog, recordId, new SourceLocation(Path.GetFileName(path), row), original, data, issues);
        }
    }
}

internal sealed class TestRules : IRecordRules
{
    public const string Bureau = "11360721014957209W";

    public static JsonObject Data(string code, string type, string period, decimal amount) => new()
    {
        ["DWMC"] = "赣州市示例企业有限公司",
        ["TYSHXYDM"] = code,
        ["XZLX"] = type,
        ["FKSSQ"] = period,
        ["CBRS"] = 12,
        ["YJJE"] = amount,
        ["SJJE"] = amount,
        ["QJJE"] = 0m,
        ["JFZT"] = "正常",
        ["TJRQ"] = "2026-11-30",
        ["SJLY"] = "赣州市赣县区人力资源和社会保障局",
        ["SJLYDM"] = Bureau,
    };

    public string RecordIdFor(string catalog, JsonObject data) => $"{data["TYSHXYDM"]}-{data["XZLX"]}-{data["FKSSQ"]}";

    public IReadOnlyList<RecordIssue> Validate(string catalog, JsonObject data) =>
        data["YJJE"] is JsonValue v && v.TryGetValue<decimal>(out var d) && d >= 0
            ? []
            : [new RecordIssue("YJJE", null, "INVALID_TYPE", "应缴金额必须是非负数")];

    public DateOnly? PublishUntil(string catalog, JsonObject data) => null;
}

