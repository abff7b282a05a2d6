namespace GanXian.CreditHub.Hosting;

/// <summary>One page of a list: the paged APIs and pages (quarantine, records, files, audit search) share it.</summary>
public static class Paging
{
    /// <summary>
    /// Page <paramref name="page"/> (from 1) of <paramref name="pageSize"/> rows, and <paramref name="extra"/> more (a
    /// "has more" probe). The offset is computed in long: <c>(page - 1) * pageSize</c> in int wrapped around for a
    /// large page (<c>?page=2147483647</c>) to a negative offset, which PostgreSQL refuses (a 500) and SQLite reads as 0
    /// (the first page again). An offset beyond what <c>Skip</c> takes is beyond any list the hub holds: an empty page.
    /// </summary>
    public static IQueryable<T> Paged<T>(this IQueryable<T> source, int page, int pageSize, int extra = 0)
    {
        var offset = ((long)Math.Max(page, 1) - 1) * pageSize;
        return offset > int.MaxValue ? source.Take(0) : source.Skip((int)offset).Take(pageSize + extra);
    }
}
