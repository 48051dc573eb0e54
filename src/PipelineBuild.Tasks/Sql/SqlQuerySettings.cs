namespace PipelineBuild.Tasks.Sql;

/// <summary>Settings of <c>sql-query</c>.</summary>
/// <param name="Connection">
/// The database: <c>postgresql://user:password@host:port/db</c>, Npgsql keywords (<c>Host=…;Username=…</c>),
/// or SQLite (<c>sqlite:data/app.db</c>, <c>Data Source=data/app.db</c>). Pass it from a secret: <c>${{ env.DB_URL }}</c>.
/// </param>
/// <param name="Output">The file to write, <c>.csv</c> or <c>.parquet</c> (declare it under <c>outputs</c>).</param>
/// <param name="Query">A workspace-relative file holding the query (declare it under <c>inputs</c>).</param>
/// <param name="Sql">The query itself, instead of <c>query</c>.</param>
public sealed record SqlQuerySettings(string Connection, string Output, string? Query = null, string? Sql = null);
