using GanXian.CreditHub.Data;
using Microsoft.Data.Sqlite;

namespace GanXian.CreditHub.Tests.Data;

public sealed class SqliteConnectionStringsTests
{
    [Fact]
    public void A_relative_database_file_lies_under_the_content_root_not_the_current_folder()
    {
        var resolved = new SqliteConnectionStringBuilder(SqliteConnectionStrings.RelativeTo("Data Source=data/credithub.db;Cache=Shared", "/opt/credithub"));

        Assert.Equal("/opt/credithub/data/credithub.db", resolved.DataSource);
        Assert.Equal(SqliteCacheMode.Shared, resolved.Cache);
    }

    [Theory]
    [InlineData("Data Source=/var/lib/credithub/hub.db")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=hub;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=file:hub.db?mode=ro")]
    [InlineData("Data Source=")]
    [InlineData("this is not a connection string")]
    public void Absolute_in_memory_uri_and_invalid_strings_are_left_as_given(string connectionString)
    {
        Assert.Equal(connectionString, SqliteConnectionStrings.RelativeTo(connectionString, "/opt/credithub"));
    }
}
