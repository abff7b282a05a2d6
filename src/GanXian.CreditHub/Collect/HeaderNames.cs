using System.Text;
using GanXian.CreditHub.Mapping;

namespace GanXian.CreditHub.Collect;

/// <summary>Header cells as exported vary in spaces, BOM and full-width forms ("（元）" vs "(元)"); compare them normalised.</summary>
public static class HeaderNames
{
    public static string Normalize(string header)
    {
        var half = Transforms.ToHalfWidth(header);
        var sb = new StringBuilder(half.Length);
        foreach (var c in half)
        {
            if (!char.IsWhiteSpace(c) && c != '\uFEFF' && c != '\u200B')
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        return sb.ToString();
    }
}
