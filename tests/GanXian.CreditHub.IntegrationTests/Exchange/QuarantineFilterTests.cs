using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Identity;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>The quarantine list's file filter: part of a name, in any case, as an officer types it.</summary>
public sealed class QuarantineFilterTests
{
    private const string Code = ExchangeRunTests.Employer;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_file_filter_finds_part_of_a_name_in_any_case_and_takes_wildcards_literally(DatabaseProvider provider)
    {
        await using var bed = await ExchangeTestBed.StartAsync(provider);
        bed.WriteFile("JF_202610_赣县.csv", [$"{Code},110,202610,-5"]);
        bed.WriteFile("jfx2026.csv", [$"{Code},120,202610,-5"]);
        bed.WriteFile("个体户360721198506123015.csv", [$"{Code},130,202610,-5"]);
        await bed.RunAsync();
        using var client = bed.Hub.CreateClient().As("alice", Roles.Officer);

        async Task<int> CountAsync(string file)
        {
            var page = await client.GetFromJsonAsync<JsonObject>($"/api/exchange/quarantine?file={Uri.EscapeDataString(file)}");
            return page!["total"]!.GetValue<int>();
        }

        Assert.Equal(1, await CountAsync("JF_202610_赣县.csv"));
        Assert.Equal(1, await CountAsync("jf_2026"));
        Assert.Equal(1, await CountAsync(" 赣县 "));
        Assert.Equal(2, await CountAsync("2026"));
        // The name as the files page shows it without the personal-data permission still finds the file.
        Assert.Equal(1, await CountAsync("个体户360721********3015.csv"));
        // _ and % are characters of the name, not LIKE's wildcards: jf_ is not jfx.
        Assert.Equal(1, await CountAsync("jf_"));
        Assert.Equal(0, await CountAsync("%"));
        Assert.Equal(0, await CountAsync("jf\\"));

        // The list page and the export filter alike.
        var html = await client.GetStringAsync($"/exchange/quarantine?file={Uri.EscapeDataString("jf_2026")}");
        Assert.Contains("共 1 条", html);
        var csv = await client.GetStringAsync($"/api/exchange/quarantine/export?file={Uri.EscapeDataString("jf_2026")}");
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
