namespace PipelineBuild.Core.Model;

/// <summary>
/// How a <c>run</c> command is started, from the step's <c>shell:</c>. <c>bash</c> (the host default) runs
/// as <c>bash -e -o pipefail -c</c> and <c>sh</c> (the container default) as <c>sh -e -c</c>, so a failing
/// line fails the step, as GitHub Actions runs <c>shell: bash</c>. Another single word runs as
/// <c>WORD -c</c>; several words are the program and its arguments, the command appended last
/// (<c>shell: bash -c</c> opts out of <c>-e</c>).
/// </summary>
public sealed record StepShell(string Program, IReadOnlyList<string> Arguments, bool IsPosix)
{
    private static readonly string[] PosixShells = ["bash", "sh", "dash", "ash", "ksh", "mksh", "zsh", "busybox"];

    /// <summary>The shell of a step: its <c>shell:</c>, else bash on the host (pwsh on Windows) and sh in a container.</summary>
    public static StepShell Of(StepDefinition step) => Resolve(step.Shell, step.Kind);

    public static StepShell Resolve(string? shell, StepKind kind)
    {
        var words = (shell ?? Default(kind)).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            words = [Default(kind)];
        }

        var program = words[0];
        var isPosix = PosixShells.Contains(Path.GetFileName(program), StringComparer.Ordinal);
        if (words.Length > 1)
        {
            return new StepShell(program, words[1..], isPosix);
        }

        return Path.GetFileName(program) switch
        {
            "bash" => new StepShell(program, ["-e", "-o", "pipefail", "-c"], true),
            "sh" => new StepShell(program, ["-e", "-c"], true),
            "pwsh" or "powershell" => new StepShell(program, ["-Command"], false),
            _ => new StepShell(program, ["-c"], isPosix),
        };
    }

    /// <summary>The arguments that run <paramref name="command"/>.</summary>
    public IReadOnlyList<string> ArgumentsFor(string command) => [.. Arguments, command];

    private static string Default(StepKind kind) =>
        kind == StepKind.Container ? "sh" : OperatingSystem.IsWindows() ? "pwsh" : "bash";
}
