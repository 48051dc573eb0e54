using System.Diagnostics;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>The portable fallback: <see cref="Process"/>, wrapped in <c>setsid</c> where it exists.</summary>
internal sealed class ManagedProcess : IStepProcess
{
    private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
    private readonly Process _process;

    private ManagedProcess(Process process, Action<string, bool> onLine)
    {
        _process = process;
        Exited = WaitAsync(process);
        OutputEnded = StreamLines.ReadBothAsync(process.StandardOutput.BaseStream, process.StandardError.BaseStream, onLine);
    }

    public IReadOnlyList<int> Ids => [_process.Id];

    public bool LeadsGroup => SetSid is not null;

    public Task<int> Exited { get; }

    public Task OutputEnded { get; }

    /// <exception cref="IOException">The program is not found (behind <c>setsid</c>, it would otherwise only exit 127).</exception>
    public static ManagedProcess Start(ProcessSpec spec, Action<string, bool> onLine)
    {
        if (SetSid is not null && !Exists(spec.FileName, spec.EnvironmentOverrides.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? ""))
        {
            throw new ProgramNotStartedException($"cannot start '{spec.FileName}': No such file or directory");
        }

        var info = new ProcessStartInfo
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            FileName = SetSid ?? spec.FileName,
        };
        if (SetSid is not null)
        {
            info.ArgumentList.Add(spec.FileName);
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.EnvironmentOverrides)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new ProgramNotStartedException($"cannot start '{spec.FileName}': {e.Message}", e);
        }

        // The step reads nothing: end-of-file at once, as from /dev/null.
        process.StandardInput.Dispose();
        return new ManagedProcess(process, onLine);
    }

    public bool SignalGroup(int signal)
    {
        if (SetSid is not null)
        {
            return ProcessSignals.SignalGroup(_process.Id, signal);
        }

        if (_process.HasExited)
        {
            return false;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose() => _process.Dispose();

    private static bool Exists(string program, string path) =>
        program.Contains('/', StringComparison.Ordinal)
            ? File.Exists(program)
            : path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, program)));

    private static async Task<int> WaitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }
}
