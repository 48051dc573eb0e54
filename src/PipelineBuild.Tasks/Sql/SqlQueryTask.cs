using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using PipelineBuild.Sdk;

namespace PipelineBuild.Tasks.Sql;

/// <summary>
/// <c>sql-query</c>: runs one query on PostgreSQL or SQLite and writes its rows to a CSV or Parquet file, the same
/// rows always as the same bytes. A database is not a file, so the tool runs this step on every run; steps that
/// read its output rerun only when those bytes changed. A server that cannot be reached ends the run with exit 3;
/// the connection text is never written anywhere (messages name the server and database only).
/// </summary>
[TaskName("sql-query")]
public sealed class SqlQueryTask : PipelineTask<SqlQuerySettings>
{
    /// <inheritdoc />
    public override async Task RunAsync(StepContext context, SqlQuerySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var query = ReadQuery(context, settings);
        var format = Path.GetExtension(settings.Output).ToLowerInvariant() switch
        {
            ".csv" => ".csv",
            ".parquet" => ".parquet",
            _ => throw new FormatException($"with.output '{settings.Output}' must end in .csv or .parquet (the format written)"),
        };
        var database = DatabaseConnection.Parse(settings.Connection, context.Workspace);
        var table = await FetchAsync(database, query, cancellationToken).ConfigureAwait(false);

        var output = context.FullPath(settings.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temp = output + ".partial";
        await using (var stream = File.Create(temp))
        {
            if (format == ".csv")
            {
                CsvTableWriter.Write(table, stream);
            }
            else
            {
                await ParquetTableWriter.WriteAsync(table, stream, cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(temp, output, overwrite: true);
        context.Metrics.Set("rows", table.Rows.Count);
        context.Metrics.Set("columns", table.Names.Count);
        context.Log.Info($"{database.Display}: {table.Rows.Count} rows, {table.Names.Count} columns ({string.Join(", ", table.Names)}) → {settings.Output}");
    }

    private static QueryText ReadQuery(StepContext context, SqlQuerySettings settings) => (settings.Query, settings.Sql) switch
    {
        ({ } file, null) => new QueryText(file, File.ReadAllText(context.FullPath(file))),
        (null, { } sql) => new QueryText("with.sql", sql),
        _ => throw new FormatException("give the query as with.query (a .sql file) or with.sql (the text), one of them"),
    };

    private static async Task<QueryTable> FetchAsync(DatabaseConnection database, QueryText query, CancellationToken cancellationToken)
    {
        var connection = database.Create();
        await using (connection.ConfigureAwait(false))
        {
            await OpenAsync(connection, database, cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = query.Text;
            try
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await QueryTable.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (PostgresException e)
            {
                var where = e.Position > 0 ? query.Locate(e.Position) : query.Source;
                throw new InvalidOperationException($"{where}: {database.Display} refused the query: {e.MessageText} (SQLSTATE {e.SqlState})", e);
            }
            catch (SqliteException e)
            {
                throw new InvalidOperationException($"{query.Source}: {database.Display} refused the query: {e.Message}", e);
            }
        }
    }

    private static async Task OpenAsync(DbConnection connection, DatabaseConnection database, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            // The server answered and refused (a wrong password, an unknown database): the step's settings are wrong.
            throw new InvalidOperationException($"{database.Display} refused the connection: {e.MessageText} (SQLSTATE {e.SqlState})", e);
        }
        catch (NpgsqlException e)
        {
            throw new ServiceUnavailableException($"{database.Display} cannot be reached ({e.InnerException?.Message ?? e.Message}); start the server or fix the host and port of the connection", e);
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException($"{database.Display} cannot be opened ({e.Message}); check the path (relative to the workspace)", e);
        }
    }
}
