using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests;

public sealed partial class DotNetTaskCancellationTests
{
    [Fact]
    public void Should_stop_the_task_host_and_what_the_task_started_when_the_run_is_interrupted()
    {
        // Given a task step that started a child process and waits
        using var scenario = new Scenario("""
            pipeline: demo
            tasks: tasks/Tasks.csproj
            stages:
              s:
                steps:
                  wait:
                    task: Wait
                    outputs: [out.txt]
            """);
        TaskProjectScenario.WriteProject(scenario.Workspace, "tasks", ("Wait.cs", """
            using System.Diagnostics;
            using PipelineBuild.Sdk;

            public sealed class WaitTask : PipelineTask
            {
                public override async Task RunAsync(StepContext context, CancellationToken cancellationToken)
                {
                    using var child = Process.Start("sleep", "60");
                    File.WriteAllText(context.FullPath("child.pid"), child.Id.ToString());
                    File.WriteAllText(context.FullPath("host.pid"), Environment.ProcessId.ToString());
                    File.WriteAllText(context.FullPath("started"), "");
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
            }
            """));
        using var run = PipelineTool.Start(scenario.Root, null, "run");
        var clock = Stopwatch.StartNew();
        while (!scenario.Workspace.Exists("started"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the task never started");
            Thread.Sleep(100);
        }

        // When the tool gets Ctrl-C
        Assert.Equal(0, Kill(run.Id, 2));
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(15)), "the tool did not stop within 15 s");

        // Then it exits 130, and neither the task host nor the task's child survived
        Assert.Equal(130, run.ExitCode);
        Assert.True(ProcessProbe.HasExited(Pid(scenario, "host.pid")), "the task host survived");
        Assert.True(ProcessProbe.HasExited(Pid(scenario, "child.pid")), "the task's child process survived");
    }

    private static int Pid(Scenario scenario, string file) =>
        int.Parse(scenario.Workspace.Read(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
