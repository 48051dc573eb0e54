using Npgsql;

namespace PipelineBuild.EndToEnd.Tests.Sql;

/// <summary>
/// The PostgreSQL server of <c>build/postgres-up.sh</c>: its URL is in <c>$PIPELINEBUILD_POSTGRES_DIR/url</c>
/// (default <c>/var/tmp/pipelinebuild-postgres</c>). Each test gets a database of its own, dropped on dispose.
/// </summary>
internal sealed class TestPostgres : IDisposable
{
    private static readonly Lazy<string?> UnavailableReason = new(Probe);
    private readonly string _database;

    private TestPostgres(string database, string url)
    {
        _database = database;
        Url = url;
    }

    public static bool IsRequired => Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_POSTGRES") == "1";

    /// <summary>Why the PostgreSQL tests cannot run here, or null.</summary>
    public static string? Unavailable => UnavailableReason.Value;

    /// <summary>The test database's URL: <c>postgresql://user:password@127.0.0.1:port/database</c>.</summary>
    public string Url { get; }

    /// <summary>The password in <see cref="Url"/>, to check it is written nowhere.</summary>
    public string Password => new Uri(Url).UserInfo.Split(':')[1];

    private static string Folder => Environment.GetEnvironmentVariable("PIPELINEBUILD_POSTGRES_DIR") is { Length: > 0 } dir ? dir : "/var/tmp/pipelinebuild-postgres";

    private static string ServerUrl => File.ReadAllText(Path.Combine(Folder, "url")).Trim();

    public static TestPostgres CreateDatabase()
    {
        var name = "pb_test_" + Guid.NewGuid().ToString("N")[..12];
        Execute(ServerUrl, $"CREATE DATABASE {name}");
        var url = new UriBuilder(ServerUrl) { Path = "/" + name }.Uri.ToString();
        return new TestPostgres(name, url);
    }

    /// <summary>Runs SQL statements on the test database.</summary>
    public void Execute(string sql) => Execute(Url, sql);

    public void Dispose() => Execute(ServerUrl, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");

    private static void Execute(string url, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(url));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string ConnectionString(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':');
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = Uri.UnescapeDataString(user[1]),
            Database = uri.AbsolutePath.TrimStart('/'),
            Pooling = false,
        }.ConnectionString;
    }

    private static string? Probe()
    {
        var file = Path.Combine(Folder, "url");
        if (!File.Exists(file))
        {
            return $"no PostgreSQL server: {file} is missing (run 'bash build/postgres-up.sh')";
        }

        try
        {
            Execute(ServerUrl, "SELECT 1");
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or UriFormatException)
        {
            return $"the PostgreSQL server of {file} does not answer ({e.Message}); run 'bash build/postgres-up.sh'";
        }
    }
}
