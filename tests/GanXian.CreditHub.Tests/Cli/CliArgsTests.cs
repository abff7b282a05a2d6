using GanXian.CreditHub.Cli;

namespace GanXian.CreditHub.Tests.Cli;

public sealed class CliArgsTests
{
    [Fact]
    public void Configuration_overrides_are_taken_out_of_the_verb_arguments()
    {
        string[] args = ["db", "migrate", "--Database:Provider=Postgres", "--dry-run", "--from=2026-01-01"];
        Assert.Equal(["db", "migrate", "--dry-run", "--from=2026-01-01"], CliArgs.WithoutConfigurationOverrides(args));
    }
}
