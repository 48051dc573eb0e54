using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cluster.Agent;

/// <summary>
/// The spec is hostile until checked: every path must be a plain relative path (<see cref="PathConfinement.SyntaxProblem"/>)
/// outside the agent's own <c>.pipeline/</c>, every digest a digest, every name a variable name. Anything else is refused
/// before a byte is written.
/// </summary>
public static class JobSpecCheck
{
    public static void Check(ClusterJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!ContentDigest.TryParse(job.Key, out _))
        {
            throw Refused($"its key '{job.Key}' is not a SHA-256");
        }

        if (job.Command.Count == 0 || job.Command.Any(a => a.Contains('\0', StringComparison.Ordinal)) || job.Command[0].Length == 0)
        {
            throw Refused("its command is empty or holds a NUL");
        }

        if (job.WorkingDirectory != ".")
        {
            CheckPath(job.WorkingDirectory, "working directory");
        }

        foreach (var (name, value) in job.Environment)
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw Refused($"its environment variable '{name}' is not a valid name or value");
            }
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in job.Inputs)
        {
            CheckPath(input.Path, "input");
            if (!ContentDigest.TryParse(input.Sha256, out _) || input.Size < 0)
            {
                throw Refused($"its input '{input.Path}' has no valid sha256 or size");
            }

            if (!paths.Add(input.Path))
            {
                throw Refused($"it names the input '{input.Path}' twice");
            }
        }

        foreach (var output in job.Outputs)
        {
            CheckPath(output.EndsWith('/') ? output[..^1] : output, "output");
        }
    }

    private static void CheckPath(string path, string what)
    {
        if (PathConfinement.SyntaxProblem(path) is { } problem)
        {
            throw new AgentException(ClusterCodes.UnsafePath, $"the job's {what} path '{path}' {problem}; refusing the job, nothing was written", AgentExitCodes.Refused);
        }

        if (path == WorkspaceLayout.StateFolderName || path.StartsWith(WorkspaceLayout.StateFolderName + "/", StringComparison.Ordinal))
        {
            throw new AgentException(ClusterCodes.UnsafePath, $"the job's {what} path '{path}' is in the agent's state folder {WorkspaceLayout.StateFolderName}/; refusing the job, nothing was written", AgentExitCodes.Refused);
        }
    }

    private static AgentException Refused(string what) =>
        new(ClusterCodes.SpecDamaged, $"the job spec is not valid: {what}", AgentExitCodes.Refused);
}
