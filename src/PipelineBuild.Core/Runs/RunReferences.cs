using System.Globalization;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Runs;

/// <summary>
/// Turns what a user types into a run id: a full id, a prefix of at least 4 characters (as git
/// abbreviates commits), <c>latest</c> (the newest run) or <c>latest~N</c> (N runs before it).
/// </summary>
public static class RunReferences
{
    public const int MinimumPrefix = 4;

    public static string Resolve(IReadOnlyList<string> idsNewestFirst, string reference)
    {
        var text = reference.Trim();
        if (text == "latest" || text.StartsWith("latest~", StringComparison.Ordinal))
        {
            var back = 0;
            if (text.Length > "latest".Length
                && !int.TryParse(text.AsSpan("latest~".Length), NumberStyles.None, CultureInfo.InvariantCulture, out back))
            {
                throw Unknown(reference, "write latest~N with N a number, e.g. latest~1 for the run before the newest");
            }

            return back < idsNewestFirst.Count
                ? idsNewestFirst[back]
                : throw Unknown(reference, idsNewestFirst.Count == 0 ? "no run is recorded yet; run the pipeline first" : $"only {idsNewestFirst.Count} run(s) are recorded; see 'dotnet pipeline runs'");
        }

        var prefix = text.ToLowerInvariant();
        if (prefix.Length < MinimumPrefix)
        {
            throw Unknown(reference, $"give at least {MinimumPrefix} characters of the run id, or latest / latest~N");
        }

        var matches = idsNewestFirst.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Take(5).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw Unknown(reference, "see 'dotnet pipeline runs' for the recorded run ids"),
            _ => throw new PipelineException(
                RunCodes.AmbiguousRun,
                $"{reference}: error {RunCodes.AmbiguousRun}: the run id prefix matches several runs ({string.Join(", ", matches)}); give more characters"),
        };
    }

    private static PipelineException Unknown(string reference, string hint) =>
        new(RunCodes.UnknownRun, $"{reference}: error {RunCodes.UnknownRun}: no such run; {hint}");
}
