using System.Text;
using GanXian.CreditHub.Data;
using GanXian.CreditHub.Exchange;
using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Exchange;

/// <summary>
/// A source system's export named near the file system's 255-byte limit still leaves the inbox: the archive and rejected
/// names, and the notes beside them, are shortened to fit.
/// </summary>
public sealed class LongFileNameTests
{
    /// <summary>82 Chinese characters and ".csv": 250 bytes of UTF-8, a name the inbox holds but name + ".处理结果.txt" does not fit.</summary>
    private static string LongName(char first) => first + new string('缴', 81) + ".csv";

    [Fact]
    public async Task A_file_named_near_the_limit_is_archived_or_rejected_under_a_shortened_name_with_its_note()
    {
        await using var bed = await ExchangeTestBed.StartAsync(DatabaseProvider.Sqlite);
        var (good, broken) = (LongName('甲'), LongName('乙'));
        Assert.Equal(250, Encoding.UTF8.GetByteCount(good));
        var content = File.ReadAllBytes(bed.WriteFile(good, ExchangeRunTests.Rows(3)));
        bed.WriteFile(broken, [.. ExchangeRunTests.Rows(2, from: 10), "#BROKEN"]);

        var first = await bed.RunAsync();

        Assert.Equal(ExchangeRunStatus.Completed, first.Status);
        Assert.Empty(Directory.GetFiles(bed.Inbox));
        var archived = AssertMoved(bed.Archive, good, ".处理结果.txt");
        Assert.Equal(content, File.ReadAllBytes(archived));
        var note = File.ReadAllText(archived + ".处理结果.txt");
        Assert.Contains("读取 3 条", note);
        Assert.Contains(good, note); // the note keeps the name the source system gave
        var rejected = AssertMoved(bed.Rejected, broken, ".错误说明.txt");
        Assert.Contains(broken, File.ReadAllText(rejected + ".错误说明.txt"));
        Assert.Equal(3, (await bed.RecordsAsync()).Count);

        // The same name again, with other content: a shortened name of its own beside the first, nothing overwritten.
        bed.WriteFile(good, ExchangeRunTests.Rows(4));

        Assert.Equal(ExchangeRunStatus.Completed, (await bed.RunAsync()).Status);
        Assert.Empty(Directory.GetFiles(bed.Inbox));
        var files = Directory.GetFiles(bed.Archive).Where(f => f.EndsWith(".csv", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(files, f => File.ReadAllBytes(f).SequenceEqual(content));
        Assert.All(Directory.GetFiles(bed.Archive), f => Assert.True(Encoding.UTF8.GetByteCount(Path.GetFileName(f)) <= 255, f));
        Assert.Equal(4, (await bed.RecordsAsync()).Count);
    }

    /// <summary>The one file moved into <paramref name="folder"/> for <paramref name="original"/>: its name fits with the note's, keeps the extension and starts as the original.</summary>
    private static string AssertMoved(string folder, string original, string note)
    {
        var moved = Assert.Single(Directory.GetFiles(folder), f => !f.EndsWith(note, StringComparison.Ordinal));
        var name = Path.GetFileName(moved);
        Assert.EndsWith(".csv", name);
        Assert.StartsWith(original[..20], name);
        Assert.True(Encoding.UTF8.GetByteCount(name + note) <= 255, name);
        Assert.True(File.Exists(moved + note));
        return moved;
    }
}
