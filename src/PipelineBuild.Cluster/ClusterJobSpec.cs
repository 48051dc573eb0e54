using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Cluster;

/// <summary>Makes a step's <see cref="ClusterJob"/> from what the tool decided: the evaluation's key and input digests.</summary>
public static class ClusterJobSpec
{
    /// <summary>The job of <paramref name="execution"/>; its <see cref="StepExecution.Evaluation"/> must be set.</summary>
    public static ClusterJob Of(StepExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var step = execution.Step;
        var evaluation = execution.Evaluation
            ?? throw new InvalidOperationException($"Step '{step.Id}' reached a cluster executor without the evaluation that decided it.");
        var shell = StepShell.Of(step);
        var inputs = new SortedDictionary<string, ClusterJobInput>(StringComparer.Ordinal);
        foreach (var file in evaluation.Inputs.SelectMany(i => i.Files))
        {
            if (!inputs.ContainsKey(file.Path))
            {
                var fullPath = execution.Layout.FullPath(file.Path);
                var info = new FileInfo(fullPath);
                // A remote-only input has no execute bit to give: the cache does not record one, and a restore does not set one.
                inputs.Add(file.Path, !info.Exists && RemoteOnlyOf(execution, file) is { } remote
                    ? new ClusterJobInput(file.Path, file.Digest.Hex, remote.Size, Executable: false)
                    : new ClusterJobInput(file.Path, file.Digest.Hex, info.Length, IsExecutable(fullPath)));
            }
        }

        return new ClusterJob(
            ClusterJob.CurrentSchema,
            step.Id,
            evaluation.Fingerprint.Hex,
            [shell.Program, .. shell.ArgumentsFor(step.Command ?? "")],
            ".",
            new SortedDictionary<string, string>(step.Env.ToDictionary(), StringComparer.Ordinal),
            [.. inputs.Values],
            [.. step.Outputs.Select(o => OutputRecord.KeyOf(o.Path, o.IsFolder))]);
    }

    /// <summary>The remote-only record <paramref name="file"/> was fingerprinted from, or null when it was read from disk.</summary>
    public static RemoteOnlyFile? RemoteOnlyOf(StepExecution execution, FileDigest file)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return execution.RemoteOnly?.Find(file.Path) is { } remote && remote.Digest == file.Digest ? remote : null;
    }

    private static bool IsExecutable(string fullPath) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(fullPath) & UnixFileMode.UserExecute) != 0;
}
