using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PipelineBuild.Tasks.Sql;

/// <summary>
/// The database a <c>connection</c> names: PostgreSQL (a <c>postgres(ql)://</c> URL or Npgsql keywords with a
/// <c>Host</c>) or SQLite (<c>sqlite:PATH</c>, or keywords with a <c>Data Source</c>), opened read-only for SQLite.
/// <see cref="Display"/> names it without credentials, for messages.
/// </summary>
internal sealed class DatabaseConnection
{
    private readonly Func<DbConnection> _open;

    private DatabaseConnection(bool isPostgres, string display, Func<DbConnection> open)
    {
        IsPostgres = isPostgres;
        Display = display;
        _open = open;
    }

    public bool IsPostgres { get; }

    /// <summary>The server and database (PostgreSQL) or the file (SQLite); never a user name or password.</summary>
    public string Display { get; }

    public DbConnection Create() => _open();

    /// <summary>Throws <see cref="FormatException"/> naming the forms accepted (never echoing the text, which may hold a password).</summary>
    public static DatabaseConnection Parse(string connection, string workspace)
    {
        var text = connection.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(FromUrl(text));
        }

        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(new SqliteConnectionStringBuilder { DataSource = text["sqlite:".Length..] }, workspace);
        }

        var keywords = new DbConnectionStringBuilder();
        try
        {
            keywords.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            throw Unrecognised();
        }

        if (keywords.ContainsKey("Data Source") || keywords.ContainsKey("DataSource") || keywords.ContainsKey("Filename"))
        {
            return Sqlite(new SqliteConnectionStringBuilder(text), workspace);
        }

        if (keywords.ContainsKey("Host") || keywords.ContainsKey("Server"))
        {
            try
            {
                return Postgres(new NpgsqlConnectionStringBuilder(text));
            }
            catch (ArgumentException)
            {
                throw Unrecognised();
            }
        }

        throw Unrecognised();
    }

    private static DatabaseConnection Postgres(NpgsqlConnectionStringBuilder builder)
    {
        var display = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        var text = builder.ConnectionString;
        return new DatabaseConnection(true, display, () => new NpgsqlConnection(text));
    }

    private static DatabaseConnection Sqlite(SqliteConnectionStringBuilder builder, string workspace)
    {
        var file = builder.DataSource;
        if (file.Length == 0 || file == ":memory:")
        {
            throw new FormatException("with.connection: a SQLite connection needs a database file (sqlite:data/app.db)");
        }

        // Read-only: a missing file is an error, not a new empty database.
        builder.DataSource = Path.GetFullPath(file, workspace);
        builder.Mode = SqliteOpenMode.ReadOnly;
        builder.Pooling = false;
        var text = builder.ConnectionString;
        return new DatabaseConnection(false, $"SQLite {file}", () => new SqliteConnection(text));
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw Unrecognised();
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host, Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port };
        var database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = equals < 0 ? (pair, "") : (pair[..equals], pair[(equals + 1)..]);
            if (string.Equals(key, "sslmode", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<SslMode>(Uri.UnescapeDataString(value), ignoreCase: true, out var mode))
            {
                builder.SslMode = mode;
            }
        }

        return builder;
    }

    private static FormatException Unrecognised() => new(
        "with.connection is not a database connection this task knows: give postgresql://user:password@host:port/database, "
        + "Npgsql keywords (Host=…;Username=…;Password=…;Database=…), or SQLite as sqlite:PATH or Data Source=PATH");
}
