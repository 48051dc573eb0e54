using System.CommandLine;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Commands;

/// <summary>Opens the run history of the workspace and resolves run references (ids, prefixes, latest~N).</summary>
internal static class RunHistory
{
    /// <summary>The store, or null when no run was recorded in this workspace yet.</summary>
    public static RunStore? TryOpen(ParseResult parse) => RunStore.OpenExisting(WorkspaceLocator.Find(parse).RunsDatabase);

    public static RunRecord Get(RunStore? store, string reference)
    {
        var id = RunReferences.Resolve(store?.Ids() ?? [], reference);
        return store!.Get(id)!;
    }

    public static Argument<string> RunArgument(string name, string description) => new(name) { Description = description };
}
