using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// A step process started by <see cref="PosixSpawner"/>, read through two pipe streams and waited for by a thread of its
/// own: the fallback where <see cref="ChildProcessLoop"/> cannot run (no <c>pidfd_open</c> or <c>epoll</c>).
/// </summary>
internal sealed class SpawnedProcess : IStepProcess
{
    private readonly Stream _standardOutput;
    private readonly Stream _standardError;

    private SpawnedProcess(SpawnedChild child, Action<string, bool> onLine)
    {
        Id = child.Pid;
        Ids = [child.Pid];
        _standardOutput = new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(child.StandardOutput, ownsHandle: true));
        _standardError = new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(child.StandardError, ownsHandle: true));
        Exited = Task.Factory.StartNew(() => PosixSpawner.WaitForExit(child.Pid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        OutputEnded = StreamLines.ReadBothAsync(_standardOutput, _standardError, onLine);
    }

    public IReadOnlyList<int> Ids { get; }

    private int Id { get; }

    public bool LeadsGroup => true;

    public Task<int> Exited { get; }

    public Task OutputEnded { get; }

    public static SpawnedProcess Start(ProcessSpec spec, Action<string, bool> onLine) => new(PosixSpawner.Start(spec), onLine);

    public bool SignalGroup(int signal) => ProcessSignals.SignalGroup(Id, signal);

    public void Dispose()
    {
        _standardOutput.Dispose();
        _standardError.Dispose();
    }
}
