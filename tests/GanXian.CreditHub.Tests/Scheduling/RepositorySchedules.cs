namespace GanXian.CreditHub.Tests.Scheduling;

internal static class RepositorySchedules
{
    /// <summary>The repository's own <c>schedules/</c> folder (not the copy in the build output), so tests read what operators edit.</summary>
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GanXian.CreditHub.sln")))
                {
                    return Path.Combine(dir.FullName, "schedules");
                }
            }

            throw new InvalidOperationException("repository root (GanXian.CreditHub.sln) not found above " + AppContext.BaseDirectory);
        }
    }
}
