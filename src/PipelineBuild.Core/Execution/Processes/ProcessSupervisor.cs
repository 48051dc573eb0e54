namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Wraps a step's program in a small <c>/bin/sh</c> supervisor that leads the step's process group and
/// watches a pipe only the tool holds open (the child's stdin). When the tool dies, even by SIGKILL, the
/// kernel closes the pipe, the watcher reads end-of-file and kills the whole group: no step process keeps
/// writing outputs after the tool is gone. A pipe rather than PR_SET_PDEATHSIG, which fires when the
/// forking <i>thread</i> exits (.NET starts processes from pool threads) and reaches only the direct child.
/// </summary>
internal static class ProcessSupervisor
{
    private const string Shell = "/bin/sh";

    // fd 3 keeps the tool's pipe for the watcher; the step gets /dev/null as stdin and no fd 3.
    private const string Script = """
        exec 3<&0 </dev/null
        ( read -r line <&3 || kill -KILL 0 ) >/dev/null 2>&1 &
        watcher=$!
        exec 3<&-
        "$@"
        status=$?
        kill "$watcher" 2>/dev/null
        exit "$status"
        """;

    private static readonly bool Available = !OperatingSystem.IsWindows() && File.Exists(Shell);

    /// <summary>The spec that runs <paramref name="spec"/> under the supervisor (unchanged where there is no /bin/sh).</summary>
    /// <exception cref="IOException">The program is not found, as starting it directly would say.</exception>
    public static ProcessSpec Wrap(ProcessSpec spec)
    {
        if (!Available)
        {
            return spec;
        }

        if (!Exists(spec.FileName, spec.EnvironmentOverrides.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? ""))
        {
            throw new IOException($"cannot start '{spec.FileName}': No such file or directory");
        }

        return spec with { FileName = Shell, Arguments = ["-c", Script, "pipeline-step", spec.FileName, .. spec.Arguments] };
    }

    private static bool Exists(string program, string path) =>
        program.Contains('/', StringComparison.Ordinal)
            ? File.Exists(program)
            : path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, program)));
}
