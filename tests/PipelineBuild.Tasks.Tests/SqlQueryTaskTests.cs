using Microsoft.Data.Sqlite;
using PipelineBuild.TaskRunner;
using PipelineBuild.Tasks.Sql;
using PipelineBuild.Testing;

namespace PipelineBuild.Tasks.Tests;

public sealed class SqlQueryTaskTests
{
    [Fact]
    public async Task Should_write_the_same_bytes_for_the_same_rows_in_csv_and_parquet()
    {
        // Given a SQLite table with every kind of value the writers know
        using var workspace = TestWorkspace.Create();
        Sqlite(workspace.PathOf("app.db"), """
            CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n INTEGER);
            INSERT INTO t VALUES (1, 1.5, 'x,y', x'00ff', NULL), (2, NULL, 'line
            break', NULL, NULL);
            """);
        var task = new SqlQueryTask();

        // When the same query is written twice to each format
        var outputs = new List<byte[]>();
        foreach (var output in new[] { "a.csv", "b.csv", "a.parquet", "b.parquet" })
        {
            var context = TaskContexts.For(workspace, $$"""{ "connection": "sqlite:app.db", "sql": "SELECT i, r, s, b, n FROM t ORDER BY i", "output": "{{output}}" }""");
            await task.RunAsync(context, CancellationToken.None);
            outputs.Add(File.ReadAllBytes(workspace.PathOf(output)));
            Assert.Equal(2, TaskContexts.Metric(context, "rows"));
        }

        // Then each pair is byte-identical, and the CSV quotes what needs it
        Assert.Equal(outputs[0], outputs[1]);
        Assert.Equal(outputs[2], outputs[3]);
        Assert.Equal("i,r,s,b,n\n1,1.5,\"x,y\",AP8=,\n2,,\"line\nbreak\",,\n", System.Text.Encoding.UTF8.GetString(outputs[0]));
    }

    [Theory]
    [InlineData("postgresql://reader:pw@db.internal:6543/warehouse", "PostgreSQL db.internal:6543/warehouse")]
    [InlineData("Host=db;Username=reader;Password=pw;Database=w", "PostgreSQL db:5432/w")]
    [InlineData("sqlite:data/app.db", "SQLite data/app.db")]
    [InlineData("Data Source=data/app.db", "SQLite data/app.db")]
    public void Should_name_the_database_without_its_credentials(string connection, string display)
    {
        Assert.Equal(display, DatabaseConnection.Parse(connection, "/work").Display);
    }

    [Fact]
    public void Should_refuse_an_unknown_connection_without_echoing_it()
    {
        var error = Assert.Throws<FormatException>(() => DatabaseConnection.Parse("mysql://u:secret-pw@h/db", "/work"));
        Assert.DoesNotContain("secret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_locate_a_server_position_as_line_and_column_of_the_query()
    {
        Assert.Equal("q.sql(2,3)", new QueryText("q.sql", "SELECT 1\n  FORM x").Locate(12));
        Assert.Equal("q.sql(1,1)", new QueryText("q.sql", "x").Locate(1));
    }

    [Theory]
    [InlineData("Host=h;Password=hunter2", true)]
    [InlineData("Host=h;pwd = 'x'", true)]
    [InlineData("postgresql://u:hunter2@h/db", true)]
    [InlineData("postgresql://u:${{ env.PGPASS }}@h/db", false)]
    [InlineData("Host=h;Password=${{ env.PGPASS }}", false)]
    [InlineData("${{ env.DB_URL }}", false)]
    [InlineData("sqlite:data/app.db", false)]
    [InlineData("postgresql://u@h/db", false)]
    public void Should_find_a_password_that_is_not_a_secret(string redacted, bool plain)
    {
        Assert.Equal(plain, SqlConnectionCheck.HasPlainPassword(redacted));
    }

    private static void Sqlite(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
