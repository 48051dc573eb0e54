using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Planning;

/// <summary>
/// Turns a step's input entries into the files they stand for now, with digests: on disk, or, for a file absent from disk,
/// the digest a cluster step left it under in the remote cache (<c>run --no-download</c>). A file on disk always wins, so
/// the fingerprint is the one a downloaded workspace gives.
/// </summary>
public sealed class InputResolver
{
    private readonly WorkspaceLayout _layout;
    private readonly FileDigests _digests;
    private readonly RemoteOnlyOutputs _remoteOnly;

    public InputResolver(WorkspaceLayout layout, FileDigests digests, RemoteOnlyOutputs? remoteOnly = null)
    {
        _layout = layout;
        _digests = digests;
        _remoteOnly = remoteOnly ?? RemoteOnlyOutputs.Empty();
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

        if (input.Kind == InputKind.Path && !input.IsFolder && !File.Exists(_layout.FullPath(input.Path)) && _remoteOnly.Find(input.Path) is { } remote)
        {
            return new ResolvedInput(input, input.Path, [new FileDigest(input.Path, remote.Digest)], remote.Digest, null);
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
        List<string> remotePaths;
        string key;
        // One snapshot of the remote-only records: a step that ends meanwhile may add or forget some.
        var remote = _remoteOnly.Under(input.Kind == InputKind.Glob ? WorkspacePath.LiteralPrefix(input.Path) : input.Path).ToDictionary(f => f.Path, f => f.Digest, StringComparer.Ordinal);
        if (input.Kind == InputKind.Glob)
        {
            paths = WorkspaceFiles.MatchingGlob(_layout, input.Path, step.InputExclusions);
            remotePaths = remote.Count == 0 ? [] : WorkspaceFiles.MatchingGlobAmong(input.Path, remote.Keys, step.InputExclusions);
            key = input.Path;
        }
        else if (Directory.Exists(_layout.FullPath(input.Path)) || remote.Count > 0)
        {
            paths = Directory.Exists(_layout.FullPath(input.Path)) ? WorkspaceFiles.UnderFolder(_layout, input.Path, step.InputExclusions, _digests.StatCache) : [];
            remotePaths = WorkspaceFiles.NotExcluded(remote.Keys, step.InputExclusions);
            key = input.Path + "/";
        }
        else
        {
            throw new PipelineException(
                PipelineDiagnostic.Error(GraphCodes.MissingInput, input.Location, $"input '{input.Path}' of step '{step.Id}' does not exist", "create it, fix the path, or add the step that produces it"),
                ExitCodes.StepFailed);
        }

        var digests = _digests.GetAll(paths);
        var files = new List<FileDigest>(paths.Count + remotePaths.Count);
        for (var i = 0; i < paths.Count; i++)
        {
            files.Add(new FileDigest(paths[i], digests[i]));
        }

        if (remotePaths.Count > 0)
        {
            var onDisk = paths.ToHashSet(StringComparer.Ordinal);
            files.AddRange(remotePaths.Where(p => !onDisk.Contains(p)).Select(p => new FileDigest(p, remote[p])));
            files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        }

        var listing = new TreeListing(files);
        return new ResolvedInput(input, key, files, listing.Digest, listing);
    }
}
