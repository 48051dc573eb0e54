using System.Collections;
using System.Runtime.InteropServices;
using static PipelineBuild.Core.Execution.Processes.PosixSpawnInterop;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// Starts a step process with <c>posix_spawnp</c>: a new session (so its whole tree can be signalled
/// as one group and a terminal's Ctrl-C reaches only the tool), every signal back to its default
/// disposition (the .NET runtime ignores SIGPIPE, which a child must not inherit), stdin from /dev/null,
/// stdout and stderr through pipes whose read ends this process keeps.
/// </summary>
internal static unsafe class PosixSpawner
{
    private static readonly Lazy<bool> Supported = new(Probe);

    public static bool IsSupported => Supported.Value;

    /// <summary>Starts the process with pipes for stdout and stderr (the tool's ends close-on-exec, so no other child inherits them).</summary>
    public static SpawnedChild Start(ProcessSpec spec)
    {
        var stdout = stackalloc int[2];
        var stderr = stackalloc int[2];
        OpenPipe(stdout, []);
        OpenPipe(stderr, [stdout[0], stdout[1]]);

        int pid;
        try
        {
            pid = Spawn(spec, stdout[1], stderr[1]);
        }
        catch
        {
            Close(stdout[0]);
            Close(stderr[0]);
            throw;
        }
        finally
        {
            // The child has its own copies (dup2 clears close-on-exec on them); ours must go, or EOF never comes.
            Close(stdout[1]);
            Close(stderr[1]);
        }

        return new SpawnedChild(pid, stdout[0], stderr[0]);
    }

    internal static void OpenPipe(int* fds, int[] closeOnFailure)
    {
        if (Pipe2(fds, CloseOnExec) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            foreach (var fd in closeOnFailure)
            {
                Close(fd);
            }

            throw new IOException($"cannot create a pipe: {Describe(error)}");
        }
    }

    private static int Spawn(ProcessSpec spec, int stdoutWrite, int stderrWrite)
    {
        using var strings = new NativeStrings();
        var envp = strings.AddArray(Environment(spec.EnvironmentOverrides));
        var member = new SpawnedMember(spec.FileName, [spec.FileName, .. spec.Arguments], SearchesPath: true);
        return Spawn(member, spec.WorkingDirectory, envp, strings, -1, stdoutWrite, stderrWrite);
    }

    /// <summary>
    /// Starts one process as the leader of a new session: stdin from <paramref name="stdinRead"/> (-1: /dev/null), stdout
    /// and stderr to the descriptors given, in <paramref name="workingDirectory"/>, every signal at its default.
    /// </summary>
    internal static int Spawn(SpawnedMember member, string workingDirectory, byte** envp, NativeStrings strings, int stdinRead, int stdoutWrite, int stderrWrite)
    {
        var actions = NativeMemory.AllocZeroed(FileActionsSize);
        var attributes = NativeMemory.AllocZeroed(AttributesSize);
        var signals = NativeMemory.AllocZeroed(SignalSetSize);
        try
        {
            FileActionsInit(actions);
            AttributesInit(attributes);
            Check(
                stdinRead < 0 ? FileActionsAddOpen(actions, 0, strings.Add("/dev/null"), ReadOnly, 0) : FileActionsAddDup2(actions, stdinRead, 0),
                "redirect stdin");
            Check(FileActionsAddDup2(actions, stdoutWrite, 1), "redirect stdout");
            Check(FileActionsAddDup2(actions, stderrWrite, 2), "redirect stderr");
            Check(FileActionsAddChdir(actions, workingDirectory), "set the working folder");
            SignalSetFill(signals);
            Check(AttributesSetSignalDefaults(attributes, signals), "reset signals");
            SignalSetEmpty(signals);
            Check(AttributesSetSignalMask(attributes, signals), "clear the signal mask");
            Check(AttributesSetFlags(attributes, SpawnSetSid | SpawnSetSignalDefaults | SpawnSetSignalMask), "set spawn flags");

            var file = strings.Add(member.Path);
            var argv = strings.AddArray(member.Arguments);
            int pid;
            var result = member.SearchesPath
                ? SpawnP(&pid, file, actions, attributes, argv, envp)
                : SpawnExact(&pid, file, actions, attributes, argv, envp);
            if (result != 0)
            {
                throw new ProgramNotStartedException($"cannot start '{member.Arguments[0]}': {Describe(result)}");
            }

            return pid;
        }
        finally
        {
            FileActionsDestroy(actions);
            AttributesDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
        }
    }

    internal static List<string> Environment(IReadOnlyDictionary<string, string> overrides)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        foreach (var (name, value) in overrides)
        {
            variables[name] = value;
        }

        return variables.Select(v => $"{v.Key}={v.Value}").ToList();
    }

    /// <summary>Blocks until <paramref name="pid"/> ends; its exit code (128 + signal number when a signal ended it).</summary>
    public static int WaitForExit(int pid)
    {
        int status;
        while (WaitPid(pid, &status, 0) < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == NoChild)
            {
                // Someone else reaped it (a parent that ignores SIGCHLD makes the runtime reap every child).
                return 255;
            }

            if (error != Interrupted)
            {
                throw new IOException($"waitpid({pid}) failed: {Describe(error)}");
            }
        }

        return ExitCode(status);
    }

    /// <summary>The exit code of a <c>waitpid</c> status: 128 + the signal's number when a signal ended the process.</summary>
    public static int ExitCode(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new IOException($"cannot {what} for the step process: {Describe(result)}");
        }
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var actions = NativeMemory.AllocZeroed(FileActionsSize);
            try
            {
                FileActionsInit(actions);
                var supported = FileActionsAddChdir(actions, "/") == 0;
                FileActionsDestroy(actions);
                return supported;
            }
            finally
            {
                NativeMemory.Free(actions);
            }
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }
}
