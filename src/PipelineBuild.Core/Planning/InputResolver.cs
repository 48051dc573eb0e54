using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Planning;

/// <summary>Turns a step's input entries into the files they stand for now, with digests.</summary>
public sealed class InputResolver
{
    private readonly WorkspaceLayout _layout;
    private readonly FileDigests _digests;

    public InputResolver(WorkspaceLayout layout, FileDigests digests)
    {
        _layout = layout;
        _digests = digests;
    }

    public IReadOnlyList<ResolvedInput> Resolve(StepDefinition step)
    {
        var resolved = new ResolvedInput[step.Inputs.Count];
        for (var i = 0; i < step.Inputs.Count; i++)
        {
            resolved[i] = Resolve(step, step.Inputs[i]);
        }

        return resolved;
    }

    private ResolvedInput Resolve(StepDefinition step, InputSpec input)
    {
        if (input.Kind == InputKind.Path && !input.IsFolder && _digests.TryGet(input.Path) is { } digest)
        {
            return new ResolvedInput(input, input.Path, [new FileDigest(input.Path, digest)], digest, null);
        }

        try
        {
            return ResolveListing(step, input);
        }
        catch (LinkOutsideWorkspaceException e)
        {
            throw new PipelineException(
                GraphCodes.InputLinksOutside,
                $"{input.Location}: error {GraphCodes.InputLinksOutside}: input '{input.Path}' of step '{step.Id}' leads outside the workspace: {e.Message}; copy the data into the workspace instead of linking to it, so that its content is fingerprinted and reproducible",
                ExitCodes.StepFailed);
        }
    }

    private ResolvedInput ResolveListing(StepDefinition step, InputSpec input)
    {
        List<string> paths;
        string key;
        if (input.Kind == InputKind.Glob)
        {
            paths = WorkspaceFiles.MatchingGlob(_layout, input.Path, step.InputExclusions);
            key = input.Path;
        }
        else if (Directory.Exists(_layout.FullPath(input.Path)))
        {
            paths = WorkspaceFiles.UnderFolder(_layout, input.Path, step.InputExclusions);
            key = input.Path + "/";
        }
        else
        {
            throw new PipelineException(
                PipelineDiagnostic.Error(GraphCodes.MissingInput, input.Location, $"input '{input.Path}' of step '{step.Id}' does not exist", "create it, fix the path, or add the step that produces it"),
                ExitCodes.StepFailed);
        }

        var digests = _digests.GetAll(paths);
        var files = new FileDigest[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            files[i] = new FileDigest(paths[i], digests[i]);
        }

        var listing = new TreeListing(files);
        return new ResolvedInput(input, key, files, listing.Digest, listing);
    }
}
