using System.Diagnostics;
using PipelineBuild.Core.Execution.Processes;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>The watcher kills the step groups it holds when the tool's end of its pipe closes, as it does when the tool dies.</summary>
public sealed class GroupWatcherTests
{
    [Fact]
    public void Should_kill_the_groups_it_holds_and_spare_the_released_ones_when_its_pipe_closes()
    {
        // Given two process groups of their own, both given to a watcher, one of them released again
        using var held = GroupLeader.Start();
        using var released = GroupLeader.Start();
        try
        {
            var watcher = new GroupWatcher();
            watcher.Watch(held.Id);
            watcher.Watch(released.Id);
            watcher.Release(released.Id);

            // When the watcher's pipe closes
            watcher.Dispose();

            // Then the held group is killed and the released one still runs
            Assert.True(held.WaitForExit(TimeSpan.FromMinutes(1)), "the held group outlived the watcher's pipe");
            Assert.False(released.HasExited, "the released group was killed");
        }
        finally
        {
            Stop(held);
            Stop(released);
        }
    }

    [Fact]
    public void Should_kill_a_held_process_that_has_not_made_its_group_yet_when_its_pipe_closes()
    {
        // Given a process given to the watcher before it made a group of its own, as behind the setsid program
        // in the moment before setsid() ran: here a plain sleep, which never makes one
        using var early = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        try
        {
            var watcher = new GroupWatcher();
            watcher.Watch(early.Id);

            // When the watcher's pipe closes
            watcher.Dispose();

            // Then the process is killed all the same
            Assert.True(early.WaitForExit(TimeSpan.FromMinutes(1)), "a held process without a group of its own outlived the watcher's pipe");
        }
        finally
        {
            Stop(early);
        }
    }

    [Fact]
    public void Should_start_a_new_watcher_that_holds_every_group_when_the_old_one_was_killed()
    {
        // Given a watcher holding a group, whose process is then killed
        using var first = GroupLeader.Start();
        using var second = GroupLeader.Start();
        try
        {
            var watcher = new GroupWatcher();
            watcher.Watch(first.Id);
            using (var process = Process.GetProcessById(watcher.ProcessId!.Value))
            {
                process.Kill();
                process.WaitForExit();
            }

            // When another group is given to it, and then its pipe closes
            watcher.Watch(second.Id);
            watcher.Dispose();

            // Then both groups are killed: the new watcher was given the first one too
            Assert.True(first.WaitForExit(TimeSpan.FromMinutes(1)), "the group held before the watcher died outlived it");
            Assert.True(second.WaitForExit(TimeSpan.FromMinutes(1)), "the group given afterwards outlived the watcher's pipe");
        }
        finally
        {
            Stop(first);
            Stop(second);
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }
    }
}
