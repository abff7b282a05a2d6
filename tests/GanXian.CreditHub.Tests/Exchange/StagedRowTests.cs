using System.Text.Json.Nodes;
using GanXian.CreditHub.Exchange;
using static GanXian.CreditHub.Tests.Collect.CollectTestKit;

namespace GanXian.CreditHub.Tests.Exchange;

/// <summary>
/// The reader's records carry mapped values (<see cref="CollectedRecord.Fields"/>) that <see cref="StagedRow.From"/>
/// encodes directly; the same record given as a JSON object only (as other readers and the corrections path do) must
/// stage identically: data text, content hash, entity key, issues and original values.
/// </summary>
public class StagedRowTests
{
    public static TheoryData<string> Samples => new() { "社保缴费_202610_GBK.csv", "社保缴费_202609_UTF8BOM.csv", "社保缴费_202608.xlsx" };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Mapped_records_stage_exactly_as_their_json_object_does(string sample)
    {
        var records = await ReadAllAsync(Path.Combine(RepoRoot, "samples", "inbox", "shbx-jfxx", sample));
        Assert.Contains(records, r => !r.IsValid);

        foreach (var record in records)
        {
            Assert.NotNull(record.Fields);
            var fast = StagedRow.From(record);
            var viaJson = StagedRow.From(record with { Fields = null, Data = JsonNode.Parse(record.Data!.ToJsonString())!.AsObject() });

            Assert.Equal(viaJson, fast);
            Assert.NotNull(fast.ContentHash);
        }
    }

    [Fact]
    public async Task The_lazy_json_object_keeps_the_mapping_order_and_value_types()
    {
        var record = Assert.Single(await ReadAllAsync(WriteText("one.csv", Header + "\r\n" + GoodRow + "\r\n", System.Text.Encoding.UTF8)));

        Assert.Equal(["DWMC", "TYSHXYDM", "XZLX", "FKSSQ", "CBRS", "YJJE", "SJJE", "QJJE", "JFZT", "TJRQ", "SJLY", "SJLYDM"], record.Data!.Select(p => p.Key));
        Assert.Equal("{\"DWMC\":\"赣州宏达稀土新材料有限公司\",\"TYSHXYDM\":\"91350100M000100Y43\",\"XZLX\":\"110\",\"FKSSQ\":\"202610\",\"CBRS\":12,\"YJJE\":10000.00,\"SJJE\":8000.00,\"QJJE\":2000.00,\"JFZT\":\"欠缴\",\"TJRQ\":\"2026-11-10\",\"SJLY\":\"赣州市赣县区人力资源和社会保障局\",\"SJLYDM\":\"113607210145123499\"}",
            record.Data!.ToJsonString(ExchangeJson.Options));
        Assert.Same(record.Data, record.Data);
    }
}
