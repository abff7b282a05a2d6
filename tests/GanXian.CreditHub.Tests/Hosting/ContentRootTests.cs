using GanXian.CreditHub.Hosting;

namespace GanXian.CreditHub.Tests.Hosting;

public sealed class ContentRootTests : IDisposable
{
    private readonly DirectoryInfo current = Directory.CreateTempSubdirectory("credithub-cwd-");
    private readonly DirectoryInfo assembly = Directory.CreateTempSubdirectory("credithub-bin-");

    [Fact]
    public void The_current_folder_wins_when_it_holds_settings()
    {
        File.WriteAllText(Path.Combine(current.FullName, ContentRoot.SettingsFile), "{}");
        File.WriteAllText(Path.Combine(assembly.FullName, ContentRoot.SettingsFile), "{}");

        Assert.Equal(current.FullName, ContentRoot.Choose(current.FullName, assembly.FullName));
    }

    [Fact]
    public void The_hub_folder_is_used_when_only_it_holds_settings()
    {
        File.WriteAllText(Path.Combine(assembly.FullName, ContentRoot.SettingsFile), "{}");

        Assert.Equal(assembly.FullName, ContentRoot.Choose(current.FullName, assembly.FullName));
    }

    [Fact]
    public void Without_settings_anywhere_the_current_folder_stays()
    {
        Assert.Equal(current.FullName, ContentRoot.Choose(current.FullName, assembly.FullName));
    }

    [Theory]
    [InlineData("--contentRoot=/srv/hub")]
    [InlineData("--contentroot")]
    [InlineData("/contentRoot")]
    public void An_explicit_content_root_is_left_to_the_host(string arg)
    {
        Assert.True(ContentRoot.IsExplicit(["exchange", arg]));
        Assert.False(ContentRoot.IsExplicit(["exchange", "--dry-run"]));
    }

    public void Dispose()
    {
        current.Delete(recursive: true);
        assembly.Delete(recursive: true);
    }
}
