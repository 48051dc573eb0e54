using System.Diagnostics;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Workspace;

public sealed class PrivateSocketFolderTests
{
    private const string Listen = "import os, socket, sys, time\n"
        + "s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(4)\n";

    [FolderEntriesFact]
    public void Should_stop_the_process_listening_at_a_socket_with_sigterm()
    {
        // Given a process of ours listening at a socket
        using var ws = TestWorkspace.Create();
        var socketPath = ws.PathOf("k.j");
        using var listener = StartPython(Listen + "print('ready', flush=True); time.sleep(60)\n", socketPath);
        Assert.Equal("ready", listener.StandardOutput.ReadLine());

        // When
        var stopped = PrivateSocketFolder.StopListener(socketPath);

        // Then it ended on SIGTERM (128 + 15), not on the SIGKILL that follows when it does not
        Assert.True(stopped);
        Assert.True(listener.WaitForExit(10_000));
        Assert.Equal(143, listener.ExitCode);
    }

    [FolderEntriesFact]
    public void Should_leave_a_socket_whose_listening_process_is_gone_and_count_nothing_stopped()
    {
        // Given a socket served by a child of the process that listened, which has ended: the connection's peer
        // credentials name a process number that no longer is the listener's (it may be another process's by now)
        using var ws = TestWorkspace.Create();
        var socketPath = ws.PathOf("k.j");
        using var parent = StartPython(Listen + "if os.fork() == 0:\n    print('ready', os.getpid(), flush=True); time.sleep(60)\n", socketPath);
        var child = int.Parse(parent.StandardOutput.ReadLine()!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.True(parent.WaitForExit(10_000));

            // When
            var stopped = PrivateSocketFolder.StopListener(socketPath);

            // Then nothing was signalled, nor reported stopped
            Assert.False(stopped);
            Assert.False(Process.GetProcessById(child).HasExited);
        }
        finally
        {
            Process.GetProcessById(child).Kill();
        }
    }

    private static Process StartPython(string script, string socketPath)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(socketPath);
        return Process.Start(start)!;
    }
}
