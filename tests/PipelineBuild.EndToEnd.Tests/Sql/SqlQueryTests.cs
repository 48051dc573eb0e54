using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PipelineBuild.EndToEnd.Tests.Sql;

/// <summary>
/// The built-in <c>sql-query</c> task on real databases (SQLite, and the PostgreSQL server of build/postgres-up.sh):
/// it runs on every run, and the step that reads its output reruns only when the fetched bytes changed.
/// </summary>
public sealed class SqlQueryTests
{
    private const string Pipeline = """
        pipeline: sql
        secrets: [DB_URL]
        stages:
          fetch:
            steps:
              rows:
                task: sql-query
                with: { connection: "${{ env.DB_URL }}", query: sql/rows.sql, output: data/rows.OUT }
                inputs: [sql/rows.sql]
                outputs: [data/rows.OUT]
          use:
            steps:
              digest:
                run: sha256sum data/rows.OUT > out/digest.txt && echo ran >> executions.log
                inputs: [data/rows.OUT]
                outputs: [out/digest.txt]
        """;

    [Fact]
    public void Should_run_the_query_every_time_and_rerun_downstream_only_when_the_rows_changed_on_sqlite()
    {
        // Given a SQLite database and a query whose rows go to CSV, read by a downstream step
        using var scenario = new Scenario(Pipeline.Replace(".OUT", ".csv", StringComparison.Ordinal));
        scenario.Workspace.Write("sql/rows.sql", "SELECT id, name, score, seen FROM people ORDER BY id\n");
        var database = scenario.Workspace.PathOf("db/app.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        Sqlite(database, """
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, score REAL, seen INTEGER);
            INSERT INTO people VALUES (1, 'Ada, Countess', 0.5, 1), (2, 'Bob "B"', NULL, 0), (3, 'Zoë', 2, NULL);
            """);
        var env = new Dictionary<string, string> { ["DB_URL"] = "sqlite:db/app.db" };

        // When it runs, runs again unchanged, then again after a row changed
        var first = Run(scenario, env);
        var second = Run(scenario, env);
        var bytesAfterSecond = scenario.Workspace.Read("data/rows.csv");
        Sqlite(database, "UPDATE people SET score = 0.75 WHERE id = 1");
        var third = Run(scenario, env);

        // Then the CSV holds the rows in the query's order and columns, the query ran each time, and the
        // downstream step ran on the first and third run only
        Assert.Equal("ran", first.Report.State("fetch.rows"));
        Assert.Equal(
            "id,name,score,seen\n1,\"Ada, Countess\",0.5,1\n2,\"Bob \"\"B\"\"\",,0\n3,Zoë,2,\n",
            bytesAfterSecond);
        Assert.Equal("ran", second.Report.State("fetch.rows"));
        Assert.Equal("reads outside the workspace: a database", second.Report.Reason("fetch.rows"));
        Assert.Equal("up-to-date", second.Report.State("use.digest"));
        Assert.Equal("ran", third.Report.State("use.digest"));
        Assert.Contains("1,\"Ada, Countess\",0.75,1\n", scenario.Workspace.Read("data/rows.csv"), StringComparison.Ordinal);
        Assert.Equal(2, scenario.Executions());
    }

    [PostgresFact]
    public void Should_fetch_from_postgresql_to_parquet_rerun_downstream_only_on_changed_rows_and_write_the_connection_nowhere()
    {
        // Given a PostgreSQL database whose URL (with its password) is a secret, and a query to Parquet
        using var postgres = TestPostgres.CreateDatabase();
        postgres.Execute("""
            CREATE TABLE readings (id bigint PRIMARY KEY, sensor text, value double precision, price numeric(10,2), ok boolean, at timestamptz);
            INSERT INTO readings VALUES (1, 'a', 0.25, 1.50, true, '2026-01-02 03:04:05+00'), (2, 'b', NULL, NULL, false, NULL);
            """);
        using var scenario = new Scenario(Pipeline.Replace(".OUT", ".parquet", StringComparison.Ordinal));
        scenario.Workspace.Write("sql/rows.sql", "SELECT id, sensor, value, price, ok, at\nFROM readings\nORDER BY id\n");
        var env = new Dictionary<string, string> { ["DB_URL"] = postgres.Url };

        // When it runs, runs again unchanged, then again after a row was added
        var first = Run(scenario, env);
        var parquet = File.ReadAllBytes(scenario.Workspace.PathOf("data/rows.parquet"));
        var second = Run(scenario, env);
        var unchanged = File.ReadAllBytes(scenario.Workspace.PathOf("data/rows.parquet"));
        postgres.Execute("INSERT INTO readings VALUES (3, 'c', 1.5, 2.00, true, now())");
        var third = Run(scenario, env);

        // Then the file is Parquet, the same rows gave the same bytes (downstream up to date), new rows reran it,
        // and neither the URL nor its password is in any file of the workspace or the tool's output
        Assert.Equal("PAR1"u8.ToArray(), parquet[..4]);
        Assert.Equal(parquet, unchanged);
        Assert.Equal("ran", second.Report.State("fetch.rows"));
        Assert.Equal("up-to-date", second.Report.State("use.digest"));
        Assert.Equal("ran", third.Report.State("use.digest"));
        Assert.Equal(2, scenario.Executions());
        var metrics = scenario.Tool("metrics", "show", "--json");
        AssertNowhere(scenario.Root, [postgres.Url, postgres.Password], first.Result, second.Result, third.Result, metrics);
    }

    [PostgresFact]
    public void Should_fail_a_bad_query_with_the_servers_message_and_its_position_in_the_query_file()
    {
        // Given a query with a typo on its second line
        using var postgres = TestPostgres.CreateDatabase();
        using var scenario = new Scenario(Pipeline.Replace(".OUT", ".csv", StringComparison.Ordinal));
        scenario.Workspace.Write("sql/rows.sql", "SELECT 1 AS one\n  FORM nowhere\n");

        // When it runs
        var (result, report) = Run(scenario, new Dictionary<string, string> { ["DB_URL"] = postgres.Url });

        // Then the step fails (exit 1) with PostgreSQL's message located in the file, and nothing downstream ran
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("sql/rows.sql(2,3):", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("syntax error at or near \"FORM\"", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Equal("failed", report.State("fetch.rows"));
        Assert.Equal(0, scenario.Executions());
        AssertNowhere(scenario.Root, [postgres.Url, postgres.Password], result);
    }

    [Fact]
    public void Should_fail_a_bad_sqlite_query_with_sqlites_message()
    {
        // Given a SQLite database and a query naming a table it does not have
        using var scenario = new Scenario(Pipeline.Replace(".OUT", ".csv", StringComparison.Ordinal));
        scenario.Workspace.Write("sql/rows.sql", "SELECT * FROM missing_table\n");
        Directory.CreateDirectory(scenario.Workspace.PathOf("db"));
        Sqlite(scenario.Workspace.PathOf("db/app.db"), "CREATE TABLE t (x INTEGER)");

        // When it runs
        var (result, _) = Run(scenario, new Dictionary<string, string> { ["DB_URL"] = "sqlite:db/app.db" });

        // Then the step fails with SQLite's words, naming the query file
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("sql/rows.sql: SQLite db/app.db refused the query", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("no such table: missing_table", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_exit_3_naming_the_server_when_the_database_server_cannot_be_reached()
    {
        // Given a PostgreSQL URL on a loopback port where nothing listens
        using var scenario = new Scenario(Pipeline.Replace(".OUT", ".csv", StringComparison.Ordinal));
        scenario.Workspace.Write("sql/rows.sql", "SELECT 1\n");
        var url = $"postgresql://reader:unreachable-pw-5c1e@127.0.0.1:{ClosedPort()}/warehouse";

        // When it runs
        var (result, report) = Run(scenario, new Dictionary<string, string> { ["DB_URL"] = url });

        // Then the run exits 3 ("a needed service is unavailable"), naming the server but not the password
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("PostgreSQL 127.0.0.1:", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Equal("failed", report.State("fetch.rows"));
        AssertNowhere(scenario.Root, [url, "unreachable-pw-5c1e"], result);
    }

    [Fact]
    public void Should_refuse_a_connection_whose_password_is_not_a_secret()
    {
        // Given a connection written with its password in the pipeline file
        using var scenario = new Scenario("""
            pipeline: sql
            stages:
              fetch:
                steps:
                  rows:
                    task: sql-query
                    with: { connection: "Host=127.0.0.1;Username=reader;Password=hunter2;Database=w", sql: "SELECT 1", output: data/rows.csv }
                    outputs: [data/rows.csv]
            """);

        // When it runs
        var result = scenario.Tool("run");

        // Then it is refused before anything runs (exit 2), saying how to pass it as a secret
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("PB6013", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("secrets:", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("data/rows.csv"));
    }

    private static (ToolResult Result, ReportReader Report) Run(Scenario scenario, IReadOnlyDictionary<string, string> env)
    {
        var reportPath = scenario.Workspace.PathOf("report.json");
        var result = PipelineTool.Run(scenario.Root, env, ["run", "--report", reportPath]);
        Assert.True(File.Exists(reportPath), result.ToString());
        return (result, ReportReader.Read(reportPath));
    }

    private static void Sqlite(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void AssertNowhere(string root, string[] secrets, params ToolResult[] results)
    {
        foreach (var secret in secrets)
        {
            foreach (var result in results)
            {
                Assert.DoesNotContain(secret, result.Stdout + result.Stderr, StringComparison.Ordinal);
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetRelativePath(root, file)} holds the connection");
            }
        }
    }
}
