using System.Collections.ObjectModel;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Planning;

/// <summary>
/// Decides one step at a time: up to date, restore from the cache, or run — with the reason.
/// A step is decided only once its upstream has finished, because its fingerprint depends on
/// upstream outputs: that is what gives early cut-off.
/// </summary>
public sealed class ExecutionPlanner
{
    private readonly PlannerContext _context;
    private readonly InputResolver _inputs;
    private readonly OutputInspector _outputs;

    public ExecutionPlanner(PlannerContext context)
    {
        _context = context;
        _inputs = new InputResolver(context.Layout, context.Digests, context.RemoteOnly);
        _outputs = new OutputInspector(context.Layout, context.Digests);
    }

    public OutputInspector Outputs => _outputs;

    /// <summary>Decides a step whose environment is ready (<see cref="StepEnvironment.Pending"/> is null).</summary>
    public StepEvaluation Evaluate(StepDefinition step, bool force, StepEnvironment? environment = null)
    {
        if (step.Frozen)
        {
            return EvaluateFrozen(step);
        }

        environment ??= StepEnvironment.None;
        var definition = StepFingerprint.Definition(step);
        var imageId = environment.ImageId;
        var parameters = ParamValues(step);
        var inputs = _inputs.Resolve(step);
        var fingerprint = StepFingerprint.Compute(definition, imageId, environment.TaskAssemblyHash, parameters, inputs, environment.Kernel);
        var decision = Decide(step, force, fingerprint, definition, environment, parameters, inputs);
        return new StepEvaluation(step, decision, fingerprint, definition, imageId, parameters, inputs, environment.TaskAssemblyHash, environment.Kernel);
    }

    /// <summary>
    /// A frozen step keeps its last run: its recorded outputs are checked and, when missing or modified,
    /// restored from the cache; it is never run, and its lock entry is left as it is.
    /// </summary>
    private StepEvaluation EvaluateFrozen(StepDefinition step)
    {
        var previous = _context.PreviousLock.Find(step.Id) ?? throw new PipelineException(
            PlanningCodes.FrozenNeverRan,
            $"{step.Location}: error {PlanningCodes.FrozenNeverRan}: step '{step.Id}' is frozen but never ran in this workspace; set 'frozen: false', run it once, then freeze it",
            ExitCodes.InvalidInput);
        var recorded = previous.Outputs.Select(o => OutputRecord.FromKey(o.Key, o.Value)).ToList();
        StepDecision decision = _outputs.FindMismatch(recorded) switch
        {
            null => new StepDecision.UpToDate(recorded),
            { } reason when _context.Cache.TryGet(previous.Fingerprint) is { } entry => new StepDecision.Restore(entry, reason),
            { } reason => throw new PipelineException(
                PlanningCodes.FrozenOutputLost,
                $"{step.Location}: error {PlanningCodes.FrozenOutputLost}: step '{step.Id}' is frozen ({ReasonText.Format(reason)}) and the cache cannot restore that output; restore the file, or set 'frozen: false' to run the step again",
                ExitCodes.InvalidInput),
        };
        return new StepEvaluation(step, decision, previous.Fingerprint, previous.Definition, previous.Image, previous.Params, [], previous.TaskAssembly);
    }

    /// <summary>The decision for a step whose upstream has not run yet (status and --dry-run).</summary>
    public static StepDecision Pending(string upstreamId) => new StepDecision.Pending(new StepReason(ReasonKind.Upstream, upstreamId));

    // Decide runs once per step on every run: plain loops, no LINQ iterators or delegates.
    private static string[] DeclaredKeys(StepDefinition step)
    {
        var outputs = step.Outputs;
        var keys = new string[outputs.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = OutputRecord.KeyOf(outputs[i].Path, outputs[i].IsFolder);
        }

        return keys;
    }

    private static bool AllRecorded(string[] declared, IReadOnlyDictionary<string, ContentDigest> recorded)
    {
        foreach (var key in declared)
        {
            if (!recorded.ContainsKey(key))
            {
                return false;
            }
        }

        return true;
    }

    private static List<OutputRecord> Recorded(IReadOnlyDictionary<string, ContentDigest> outputs)
    {
        var recorded = new List<OutputRecord>(outputs.Count);
        if (outputs is SmallMap<ContentDigest> small)
        {
            // The lock file's usual map, gone through without an enumerator object.
            foreach (var (key, digest) in small.Entries)
            {
                recorded.Add(OutputRecord.FromKey(key, digest));
            }

            return recorded;
        }

        foreach (var (key, digest) in outputs)
        {
            recorded.Add(OutputRecord.FromKey(key, digest));
        }

        return recorded;
    }

    private StepDecision Decide(
        StepDefinition step,
        bool force,
        ActionKey fingerprint,
        ContentDigest definition,
        StepEnvironment environment,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<ResolvedInput> inputs)
    {
        if (force)
        {
            return new StepDecision.Run(new StepReason(ReasonKind.Forced));
        }

        if (!step.Cache)
        {
            return new StepDecision.Run(new StepReason(ReasonKind.CacheDisabled));
        }

        if (environment.ExternalSource is { } source)
        {
            return new StepDecision.Run(new StepReason(ReasonKind.ExternalSource, source));
        }

        var previous = _context.PreviousLock.Find(step.Id);
        var declared = DeclaredKeys(step);
        StepReason why;
        // The lock file is read for this step: outputs it names that the step does not declare make it stale, never trusted.
        if (previous is not null && previous.Fingerprint == fingerprint
            && previous.Outputs.Count == declared.Length && AllRecorded(declared, previous.Outputs))
        {
            var recorded = Recorded(previous.Outputs);
            if (_outputs.FindMismatch(recorded) is not { } mismatch)
            {
                return new StepDecision.UpToDate(recorded);
            }

            if (IsRemoteOnly(step, fingerprint, recorded))
            {
                if (_context.NoDownload)
                {
                    return new StepDecision.UpToDate(recorded, RemoteOnly: true);
                }

                mismatch = new StepReason(ReasonKind.RemoteOnly);
            }

            why = mismatch;
        }
        else
        {
            why = previous is null ? new StepReason(ReasonKind.New) : Explain(previous, definition, environment, parameters, inputs);
        }

        if (_context.Cache.TryGet(fingerprint, declared) is not { } entry)
        {
            return new StepDecision.Run(why);
        }

        // Seen before (a param switched back, a copied workspace, a run killed before its lock file was written).
        return _outputs.FindMismatch(entry.Outputs) is null
            ? new StepDecision.UpToDate(entry.Outputs)
            : new StepDecision.Restore(entry, why);
    }

    /// <summary>None of the outputs is on disk, and the remote-only records stand for exactly them (<c>run --no-download</c> left them remote).</summary>
    private bool IsRemoteOnly(StepDefinition step, ActionKey fingerprint, IReadOnlyList<OutputRecord> recorded) =>
        !_context.RemoteOnly.IsEmpty
        && recorded.All(o => !Path.Exists(_context.Layout.FullPath(o.Path)))
        && _context.RemoteOnly.Cover(step.Id, fingerprint, recorded);

    private StepReason Explain(
        LockEntry previous,
        ContentDigest definition,
        StepEnvironment environment,
        IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<ResolvedInput> inputs)
    {
        if (!string.Equals(previous.Image, environment.ImageId, StringComparison.Ordinal))
        {
            return new StepReason(ReasonKind.ImageChanged);
        }

        if (!string.Equals(previous.TaskAssembly, environment.TaskAssemblyHash, StringComparison.Ordinal))
        {
            return new StepReason(ReasonKind.TaskChanged);
        }

        if (!string.Equals(previous.Kernel, environment.Kernel, StringComparison.Ordinal))
        {
            return new StepReason(ReasonKind.KernelChanged, environment.Kernel ?? "");
        }

        foreach (var name in parameters.Keys.Concat(previous.Params.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            if (!string.Equals(parameters.GetValueOrDefault(name), previous.Params.GetValueOrDefault(name), StringComparison.Ordinal))
            {
                return new StepReason(ReasonKind.ParamChanged, name);
            }
        }

        // After params: a param expanded into the command changes the command too, and the param is the cause.
        if (previous.Definition != definition)
        {
            return new StepReason(ReasonKind.CommandChanged);
        }

        foreach (var input in inputs)
        {
            if (!previous.Inputs.TryGetValue(input.Key, out var old) || old != input.Digest)
            {
                var path = ChangedFile(input, previous.Inputs.ContainsKey(input.Key) ? old : null) ?? input.Key;
                return _context.ProducerOf(path) is { } producer
                    ? new StepReason(ReasonKind.UpstreamChanged, producer)
                    : new StepReason(ReasonKind.InputChanged, path);
            }
        }

        var removed = previous.Inputs.Keys.FirstOrDefault(k => inputs.All(i => i.Key != k));
        return removed is not null ? new StepReason(ReasonKind.InputChanged, removed) : new StepReason(ReasonKind.FormatChanged);
    }

    /// <summary>For a folder or glob, the first file that differs from the recorded listing, when the store still has it.</summary>
    private string? ChangedFile(ResolvedInput input, ContentDigest? oldListingDigest) =>
        input.Listing is { } listing && oldListingDigest is { } old && _context.Cache.TryReadTextBytes(old) is { } earlier
            ? listing.FirstChangeFrom(earlier)
            : null;

    private IReadOnlyDictionary<string, string> ParamValues(StepDefinition step)
    {
        if (step.Params.Count == 0)
        {
            return ReadOnlyDictionary<string, string>.Empty;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in step.Params)
        {
            values[name] = _context.Params.Find(name)?.ToCanonicalString() ?? "";
        }

        return values;
    }
}
