using System.Runtime.InteropServices;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>Signals to a whole process group, so a step's children stop with it.</summary>
internal static partial class ProcessSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends a signal to the process group led by <paramref name="groupLeader"/>; false when none is left.</summary>
    public static bool SignalGroup(int groupLeader, int signal) =>
        !OperatingSystem.IsWindows() && Kill(-groupLeader, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
