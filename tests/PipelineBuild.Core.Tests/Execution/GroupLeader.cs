using System.Diagnostics;
using System.Globalization;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>
/// A <c>sleep</c> leading a session and process group of its own, as a step process does. The setsid program makes the
/// group only after it was exec'd; the start waits for that, so a test never races it (a busy machine widens the gap).
/// </summary>
internal static class GroupLeader
{
    public static Process Start()
    {
        var process = Process.Start(new ProcessStartInfo("/usr/bin/setsid", ["sleep", "300"]) { UseShellExecute = false })!;
        var clock = Stopwatch.StartNew();
        while (!LeadsItsGroup(process.Id))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "setsid did not make a group of its own");
            Thread.Sleep(5);
        }

        return process;
    }

    /// <summary>Whether the process's group id (/proc/*/stat, after state and parent) is its own id.</summary>
    private static bool LeadsItsGroup(int pid) =>
        ProcessIdentity.StatFields($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat") is { Length: > 2 } fields
        && fields[2] == pid.ToString(CultureInfo.InvariantCulture);
}
