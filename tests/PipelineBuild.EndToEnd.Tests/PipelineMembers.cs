using System.Diagnostics;
using System.Globalization;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// A step that is a simple pipeline, <c>./first | ./last &gt; out.txt</c>, which starts without bash: each member writes its
/// id and starts a child of its own, then waits (or ends at once once a file <c>second</c> exists). Tests stop the tool
/// and look for any of them left running.
/// </summary>
internal static class PipelineMembers
{
    public const string Step = """
        pipeline: piped
        stages:
          s:
            steps:
              piped:
                run: ./first | ./last > out.txt
                outputs: [out.txt]
                timeout: TIMEOUT
        """;

    private static readonly string[] Names = ["first", "last"];

    /// <summary>The pipeline, its step given <paramref name="timeout"/>; the member scripts written to the workspace.</summary>
    public static Scenario Scenario(string timeout = "10m")
    {
        var scenario = new Scenario(Step.Replace("TIMEOUT", timeout, StringComparison.Ordinal));
        foreach (var name in Names)
        {
            var path = scenario.Workspace.Write(name, $"#!/bin/sh\n[ -f second ] && exit 0\necho $$ > {name}.pid\nsleep 1000 &\necho $! > {name}-child.pid\nsleep 1000\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return scenario;
    }

    /// <summary>Waits until each member and its child have written their ids; every id.</summary>
    public static IReadOnlyList<int> WaitForAll(Scenario scenario)
    {
        var files = Names.SelectMany(name => new[] { $"{name}.pid", $"{name}-child.pid" }).ToArray();
        var clock = Stopwatch.StartNew();
        while (!files.All(file => scenario.Workspace.Exists(file) && scenario.Workspace.Read(file).EndsWith('\n')))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the pipeline never started");
            Thread.Sleep(50);
        }

        return files.Select(file => int.Parse(scenario.Workspace.Read(file).Trim(), CultureInfo.InvariantCulture)).ToList();
    }

    public static void AssertNoneLeft(IReadOnlyList<int> pids)
    {
        foreach (var pid in pids)
        {
            Assert.True(ProcessProbe.HasExited(pid), $"process {pid} of the pipeline outlived the tool");
        }
    }
}
