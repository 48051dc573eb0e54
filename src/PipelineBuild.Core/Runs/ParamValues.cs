using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Runs;

/// <summary>Every param leaf of a run as dotted name → value text (scalars as written, lists in canonical form).</summary>
public static class ParamValues
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(ParamSet parameters) =>
        parameters.LeafNames()
            .Select(name => new KeyValuePair<string, string>(name, parameters.Find(name)?.ToExpansionText() ?? ""))
            .ToList();
}
