namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Where the hub reads <c>appsettings.json</c> and resolves its relative paths (<c>data/…</c>, <c>mappings</c>).
/// ASP.NET takes the current directory. An operator who runs the built or published hub from another folder
/// (<c>dotnet /opt/credithub/GanXian.CreditHub.dll exchange</c> from a home directory, a cron line, a systemd unit
/// without WorkingDirectory) got "缺少配置项 Database:ConnectionString" with the settings lying beside the dll, or
/// worse, would have started on a fresh embedded database in whatever folder they stood in.
/// </summary>
public static class ContentRoot
{
    public const string SettingsFile = "appsettings.json";

    /// <summary>
    /// The current directory when it holds the settings file (<c>dotnet run --project</c> runs in the project folder,
    /// and an operator's own folder of settings wins), otherwise the folder of the hub's assembly when that holds
    /// one, otherwise the current directory (settings from the environment alone).
    /// </summary>
    public static string Choose(string currentDirectory, string assemblyDirectory) =>
        File.Exists(Path.Combine(currentDirectory, SettingsFile)) || !File.Exists(Path.Combine(assemblyDirectory, SettingsFile))
            ? currentDirectory
            : assemblyDirectory;

    /// <summary>
    /// A path from the settings, relative to the content root: the settings file beside the hub says <c>data/…</c> about
    /// the hub's folder, whatever folder the operator runs it from. Paths given on the command line stay relative to
    /// the operator's folder (<c>audit export --out</c>).
    /// </summary>
    public static string Resolve(string path, string contentRoot) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, contentRoot);

    /// <summary>The host's options; a content root given explicitly (<c>--contentRoot</c>, DOTNET_/ASPNETCORE_CONTENTROOT) is left to the host.</summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = IsExplicit(args) ? null : Choose(Directory.GetCurrentDirectory(), AppContext.BaseDirectory),
    };

    internal static bool IsExplicit(string[] args) =>
        args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
}
