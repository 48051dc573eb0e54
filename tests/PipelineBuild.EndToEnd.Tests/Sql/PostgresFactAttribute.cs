namespace PipelineBuild.EndToEnd.Tests.Sql;

/// <summary>
/// A test that queries a real PostgreSQL server (started by <c>build/postgres-up.sh</c>): skipped, with the reason,
/// when none answers — unless <c>PIPELINEBUILD_REQUIRE_POSTGRES=1</c> (CI), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestPostgres.IsRequired && TestPostgres.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
