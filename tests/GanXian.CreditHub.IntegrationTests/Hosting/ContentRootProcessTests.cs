using GanXian.CreditHub.IntegrationTests.Infrastructure;

namespace GanXian.CreditHub.IntegrationTests.Hosting;

/// <summary>The built hub run from another folder, as from a cron line or a home directory, finds its own settings.</summary>
public sealed class ContentRootProcessTests
{
    [Fact]
    public async Task A_verb_run_from_a_folder_without_settings_uses_the_settings_beside_the_hub()
    {
        var elsewhere = Directory.CreateTempSubdirectory("credithub-cwd-");
        try
        {
            var (exit, output, error) = await HubProcess.RunAsync(elsewhere.FullName, new Dictionary<string, string?>(), "mappings", "check");

            Assert.True(exit == 0, $"exit {exit}: {output}{error}");
            Assert.Contains("检查通过", output);
            var hubFolder = Path.GetDirectoryName(HubProcess.HubDll())!;
            Assert.Contains($"映射目录：{Path.Combine(hubFolder, "mappings")}", output);
            Assert.Empty(elsewhere.EnumerateFileSystemInfos());
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
