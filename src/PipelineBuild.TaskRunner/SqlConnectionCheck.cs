using System.Text.RegularExpressions;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// A <c>sql-query</c> connection that holds a password must get it from a secret (the pipeline's <c>secrets:</c> or
/// <c>run --secret</c>): otherwise the password would enter the fingerprint and the task host's request (PB6013, exit 2).
/// </summary>
public static partial class SqlConnectionCheck
{
    public static void Check(IEnumerable<StepDefinition> steps, DiagnosticBag diagnostics)
    {
        foreach (var step in steps.Where(s => string.Equals(s.Task, BuiltInTaskNames.SqlQuery, StringComparison.Ordinal)))
        {
            if (step.With["connection"] is not ScalarValue connection)
            {
                continue;
            }

            var visible = step.Secrets.Redact(connection.Text);
            if (HasPlainPassword(visible))
            {
                diagnostics.Error(
                    TaskErrorCodes.ConnectionNotSecret,
                    step.Location,
                    $"the connection of step '{step.Id}' holds a password that is not a secret",
                    "put the connection in an environment variable, list it under 'secrets:' and write connection: \"${{ env.DB_URL }}\"");
            }
        }
    }

    /// <summary>True when the text has a password (<c>Password=…</c>, <c>Pwd=…</c> or <c>scheme://user:password@</c>) not written as <c>${{ env.NAME }}</c>.</summary>
    public static bool HasPlainPassword(string text) =>
        KeywordPassword().Matches(text).Concat(UrlPassword().Matches(text))
            .Select(m => m.Groups["password"].Value.Trim().Trim('"', '\''))
            .Any(p => p.Length > 0 && !p.Contains("${{ env.", StringComparison.Ordinal));

    [GeneratedRegex(@"(?:^|;)\s*(?:password|pwd)\s*=\s*(?<password>[^;]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeywordPassword();

    [GeneratedRegex(@"://[^/@\s:]*:(?<password>[^@/\s]+)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();
}
