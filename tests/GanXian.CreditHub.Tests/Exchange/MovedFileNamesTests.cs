using System.Text;
using GanXian.CreditHub.Exchange;

namespace GanXian.CreditHub.Tests.Exchange;

/// <summary>An archived or rejected file's name and its note's fit the file system's 255 bytes, whatever the inbox held.</summary>
public class MovedFileNamesTests
{
    [Theory]
    [InlineData("缴费_202610.csv", 0, "缴费_202610.csv")]
    [InlineData("缴费_202610.csv", 2, "缴费_202610.2.csv")]
    [InlineData("无扩展名", 1, "无扩展名.1")]
    public void A_name_that_fits_stays_as_it_is(string name, int attempt, string expected) =>
        Assert.Equal((expected, false), MovedFileNames.Candidate(name, attempt, MovedFileNames.ArchivedNote));

    public static TheoryData<string> LongNames =>
    [
        new string('缴', 82) + ".csv", // 250 bytes
        new string('缴', 85), // 255 bytes, no extension
        string.Concat(Enumerable.Repeat("𠮷", 62)) + ".xlsx", // 4 bytes and a surrogate pair per character
        string.Concat(Enumerable.Repeat("e\u0301", 120)) + ".csv", // e and a combining accent: one character of two chars
        "2026年10月." + new string('缴', 78), // a dot in the title: what follows is not an extension
    ];

    [Theory]
    [MemberData(nameof(LongNames))]
    public void A_long_name_is_shortened_at_a_character_boundary_keeping_its_extension(string name)
    {
        foreach (var note in new[] { MovedFileNames.ArchivedNote, MovedFileNames.RejectedNote })
        {
            foreach (var attempt in new[] { 0, 1, 12 })
            {
                var (moved, shortened) = MovedFileNames.Candidate(name, attempt, note);

                Assert.True(shortened);
                Assert.InRange(Encoding.UTF8.GetByteCount(moved + note), 240, MovedFileNames.MaxNameBytes);
                var ext = Path.GetExtension(name) is { Length: <= 6 } e ? e : "";
                Assert.EndsWith("…" + (attempt == 0 ? "" : $".{attempt}") + ext, moved);
                var kept = moved[..moved.LastIndexOf('…')];
                Assert.StartsWith(kept, name, StringComparison.Ordinal);
                // Whole characters only: no lone surrogate, no accent without its letter.
                Assert.Equal(kept, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(kept)));
                Assert.Equal(0, kept.Length % (name.StartsWith("e\u0301", StringComparison.Ordinal) ? 2 : 1));
            }
        }
    }

    [Fact]
    public void Two_long_names_alike_in_their_first_bytes_get_different_names_from_their_attempts()
    {
        var (a, b) = (new string('缴', 90) + "甲.csv", new string('缴', 90) + "乙.csv");

        Assert.Equal(MovedFileNames.Candidate(a, 0, MovedFileNames.ArchivedNote), MovedFileNames.Candidate(b, 0, MovedFileNames.ArchivedNote));
        Assert.NotEqual(MovedFileNames.Candidate(a, 0, MovedFileNames.ArchivedNote).Name, MovedFileNames.Candidate(b, 1, MovedFileNames.ArchivedNote).Name);
    }
}
