using System.Diagnostics;
using System.Globalization;

namespace PipelineBuild.Core.Diagnostics;

/// <summary>
/// With <c>PIPELINEBUILD_TIMINGS=1</c>, prints how long each phase took (to stderr), to see what
/// dominates a no-op run: start-up, loading, graph, planning.
/// </summary>
public static class PhaseTimings
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("PIPELINEBUILD_TIMINGS") == "1";
    private static long _last = Stopwatch.GetTimestamp();

    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var since = Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds;
        var total = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {phase,-12} +{since,7:0.0} ms  (since process start {total,7:0.0} ms; allocated {GC.GetTotalAllocatedBytes() / 1_000_000.0:0.0} MB, {GC.CollectionCount(0)} GCs)"));
        _last = now;
    }
}
