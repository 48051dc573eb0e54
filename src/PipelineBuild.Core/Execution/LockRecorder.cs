using System.Collections.Concurrent;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Collects the lock entries of a run, starting from the previous lock file so that steps outside
/// the selection keep theirs; entries of steps no longer in the pipeline are dropped.
/// </summary>
public sealed class LockRecorder
{
    private readonly string _pipeline;
    private readonly ConcurrentDictionary<string, LockEntry> _entries;

    public LockRecorder(LockFile previous, IEnumerable<string> knownStepIds)
    {
        _pipeline = previous.Pipeline;
        var known = knownStepIds.ToHashSet(StringComparer.Ordinal);
        // Sized up front: filled from a sequence, it would grow (and rehash) a dozen times for 1,000 steps.
        _entries = new ConcurrentDictionary<string, LockEntry>(concurrencyLevel: -1, capacity: previous.Steps.Count, StringComparer.Ordinal);
        foreach (var (id, entry) in previous.Steps)
        {
            if (known.Contains(id))
            {
                _entries[id] = entry;
            }
        }
    }

    public bool Changed { get; private set; }

    public void Record(StepEvaluation evaluation, IReadOnlyList<OutputRecord> outputs)
    {
        // The fingerprint covers definition, image, params and inputs: same fingerprint and same
        // outputs is the same entry, and most steps of most runs are exactly that.
        if (_entries.TryGetValue(evaluation.Step.Id, out var current) && current.Fingerprint == evaluation.Fingerprint && SameOutputs(current, outputs))
        {
            return;
        }

        var entry = new LockEntry(
            evaluation.Fingerprint,
            evaluation.Definition,
            evaluation.ImageId,
            evaluation.Params,
            evaluation.Inputs.GroupBy(i => i.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Digest, StringComparer.Ordinal),
            outputs.ToDictionary(o => o.Key, o => o.Digest, StringComparer.Ordinal),
            evaluation.TaskAssemblyHash,
            evaluation.Kernel);
        if (!_entries.TryGetValue(evaluation.Step.Id, out var old) || !SameEntry(old, entry))
        {
            _entries[evaluation.Step.Id] = entry;
            Changed = true;
        }
    }

    public LockFile ToLockFile() => new(_pipeline, new Dictionary<string, LockEntry>(_entries, StringComparer.Ordinal));

    private static bool SameOutputs(LockEntry entry, IReadOnlyList<OutputRecord> outputs)
    {
        if (entry.Outputs.Count != outputs.Count)
        {
            return false;
        }

        // A loop by index, not LINQ or an interface's enumerator: this runs for every up-to-date step of every no-op.
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i];
            if (!entry.Outputs.TryGetValue(output.Key, out var digest) || digest != output.Digest)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameEntry(LockEntry a, LockEntry b) =>
        a.Fingerprint == b.Fingerprint
        && a.Definition == b.Definition
        && string.Equals(a.Image, b.Image, StringComparison.Ordinal)
        && string.Equals(a.TaskAssembly, b.TaskAssembly, StringComparison.Ordinal)
        && string.Equals(a.Kernel, b.Kernel, StringComparison.Ordinal)
        && SameMap(a.Params, b.Params)
        && SameMap(a.Inputs, b.Inputs)
        && SameMap(a.Outputs, b.Outputs);

    private static bool SameMap<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && EqualityComparer<T>.Default.Equals(v, p.Value));
}
