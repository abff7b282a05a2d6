using NPOI.HSSF.UserModel;
using NPOI.POIFS.FileSystem;
using NPOI.SS.Util;

namespace GanXian.CreditHub.Tests.Collect;

/// <summary>
/// Legacy Excel (.xls, BIFF8) fixtures written with NPOI's HSSF, the library behind the social-insurance systems' own
/// exports: the tests make them, so that what a file holds is read in the test, not in a binary in the repository.
/// </summary>
internal static class XlsFixtures
{
    /// <summary>
    /// One worksheet: its rows from row 1 (a null row is left out of the file, a blank row as Excel writes one; a null
    /// cell is no cell) and its merged ranges ("A7:A8").
    /// </summary>
    public sealed record Sheet(string Name, object?[]?[] Rows, params string[] Merges);

    /// <summary>A row of cells: strings stay text cells, numbers become numeric cells, dates numeric cells with a date format.</summary>
    public static object?[] Row(params object?[] cells) => cells;

    public static string Write(string fileName, params Sheet[] sheets) => CollectTestKit.WriteFile(fileName, Bytes(sheets));

    public static byte[] Bytes(params Sheet[] sheets)
    {
        var workbook = new HSSFWorkbook();
        var dateStyle = workbook.CreateCellStyle();
        dateStyle.DataFormat = workbook.CreateDataFormat().GetFormat("yyyy-mm-dd");
        foreach (var sheet in sheets)
        {
            var worksheet = workbook.CreateSheet(sheet.Name);
            for (var r = 0; r < sheet.Rows.Length; r++)
            {
                if (sheet.Rows[r] is not { } cells)
                {
                    continue;
                }

                var row = worksheet.CreateRow(r);
                for (var c = 0; c < cells.Length; c++)
                {
                    switch (cells[c])
                    {
                        case null:
                            break;
                        case string s:
                            row.CreateCell(c).SetCellValue(s);
                            break;
                        case DateTime d:
                            var cell = row.CreateCell(c);
                            cell.SetCellValue(d);
                            cell.CellStyle = dateStyle;
                            break;
                        case bool b:
                            row.CreateCell(c).SetCellValue(b);
                            break;
                        case var number:
                            row.CreateCell(c).SetCellValue(Convert.ToDouble(number, System.Globalization.CultureInfo.InvariantCulture));
                            break;
                    }
                }
            }

            foreach (var range in sheet.Merges)
            {
                worksheet.AddMergedRegion(CellRangeAddress.ValueOf(range));
            }
        }

        using var stream = new MemoryStream();
        workbook.Write(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// The workbook as Excel saves it with an open password: a FILEPASS record (RC4) right after the workbook globals'
    /// BOF. Written over the interface and WRITEACCESS records that HSSF puts there, so the file keeps its size and its
    /// compound-file structure; the rest is not really encrypted, but the password check comes first.
    /// </summary>
    public static byte[] WithOpenPassword(byte[] xls)
    {
        byte[] bof = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00];
        var start = xls.AsSpan().IndexOf(bof) + 20;
        var writeAccess = start + xls.AsSpan(start).IndexOf((ReadOnlySpan<byte>)[0x5C, 0x00, 0x70, 0x00]);
        var length = writeAccess + 4 + 0x70 - start;

        // FILEPASS: RC4 (1), version 1.1, then salt, verifier and verifier hash that no password opens.
        byte[] filePass = [0x2F, 0x00, 0x36, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, .. Enumerable.Repeat((byte)0x5A, 48)];
        var fillerLength = length - filePass.Length - 4;
        byte[] filler = [0xEF, 0x00, (byte)fillerLength, (byte)(fillerLength >> 8), .. new byte[fillerLength]];
        var encrypted = (byte[])xls.Clone();
        filePass.CopyTo(encrypted, start);
        filler.CopyTo(encrypted, start + filePass.Length);
        return encrypted;
    }

    /// <summary>An OLE2 compound file without a workbook, as a Word 97–2003 document renamed .xls is.</summary>
    public static byte[] WordDocument()
    {
        var fileSystem = new POIFSFileSystem();
        fileSystem.CreateDocument(new MemoryStream(new byte[5000]), "WordDocument");
        using var stream = new MemoryStream();
        fileSystem.WriteFileSystem(stream);
        return stream.ToArray();
    }
}
