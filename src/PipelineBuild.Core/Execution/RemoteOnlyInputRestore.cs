using System.Collections.Concurrent;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Before a step runs on this machine: each remote-only input it names comes down first, through the ordinary verified remote restore
/// of the entry its producer left (<c>ac/&lt;fingerprint&gt;</c>); the producer's records then leave the remote-only state.
/// Two consumers of one producer restore it once.
/// </summary>
public sealed class RemoteOnlyInputRestore
{
    private readonly PipelineDefinition _pipeline;
    private readonly WorkspaceLayout _layout;
    private readonly IStepCache _cache;
    private readonly CacheRestorer _restorer;
    private readonly RemoteOnlyOutputs _remoteOnly;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _producers = new(StringComparer.Ordinal);

    public RemoteOnlyInputRestore(PipelineDefinition pipeline, WorkspaceLayout layout, IStepCache cache, CacheRestorer restorer, RemoteOnlyOutputs remoteOnly)
    {
        _pipeline = pipeline;
        _layout = layout;
        _cache = cache;
        _restorer = restorer;
        _remoteOnly = remoteOnly;
    }

    /// <summary>Null when every input of <paramref name="evaluation"/> is on disk now; else the error (PB8541) that fails the step.</summary>
    /// <param name="remoteUrl">The remote cache, for the message.</param>
    public async Task<string?> RestoreAsync(StepEvaluation evaluation, string remoteUrl, CancellationToken cancellationToken)
    {
        if (_remoteOnly.IsEmpty)
        {
            return null;
        }

        var needed = evaluation.Inputs.SelectMany(i => i.Files)
            .Select(f => _remoteOnly.Find(f.Path))
            .OfType<RemoteOnlyFile>()
            .Where(f => !File.Exists(_layout.FullPath(f.Path)))
            .DistinctBy(f => f.Step, StringComparer.Ordinal)
            .ToList();
        foreach (var input in needed)
        {
            if (!await TryRestoreProducerAsync(input, cancellationToken).ConfigureAwait(false))
            {
                return PipelineDiagnostic.Error(
                    ExecutorCodes.RemoteOnlyInputNotRestored,
                    evaluation.Step.Location,
                    $"step '{evaluation.Step.Id}' runs on this machine, and its input '{input.Path}', which step '{input.Step}' left in the remote cache (run --no-download), could not be restored from {remoteUrl}",
                    "check that the remote cache is reachable, then run again: a step whose outputs the remote cache lost runs again").ToString();
            }
        }

        return null;
    }

    private async Task<bool> TryRestoreProducerAsync(RemoteOnlyFile input, CancellationToken cancellationToken)
    {
        var gate = _producers.GetOrAdd(input.Step, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_remoteOnly.Find(input.Path) is null)
            {
                // Another consumer of the same producer restored it meanwhile.
                return true;
            }

            var producer = _pipeline.Steps.FirstOrDefault(s => string.Equals(s.Id, input.Step, StringComparison.Ordinal));
            if (producer is null || await _cache.TryFetchAsync(producer, input.Fingerprint, cancellationToken).ConfigureAwait(false) is not { } hit)
            {
                return false;
            }

            if (!await _restorer.TryRestoreAsync(hit.Entry, hit, cancellationToken).ConfigureAwait(false))
            {
                hit.NotRestored();
                return false;
            }

            hit.Restored();
            _remoteOnly.Forget(input.Step);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
