using System.Runtime.InteropServices;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Composition;

/// <summary>
/// SIGINT and SIGTERM in every phase: until a command takes them over (a run cancels its steps and
/// records what finished), the tool exits at once with 130 or 143 — loading, validating and planning
/// write nothing that a stop could leave half-done, and a huge or hostile file must not keep the
/// tool deaf to signals.
/// </summary>
internal sealed class SignalExit : IDisposable
{
    private static int s_deferrals;

    private readonly PosixSignalRegistration _onInt;
    private readonly PosixSignalRegistration _onTerm;

    private SignalExit()
    {
        _onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Exit(context, "SIGINT", ExitCodes.Interrupted));
        _onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Exit(context, "SIGTERM", ExitCodes.Terminated));
    }

    /// <summary>Exits on a signal from now on, unless a <see cref="Defer"/> scope is open.</summary>
    public static SignalExit Install() => new();

    /// <summary>Leaves the signals to the caller's own handlers while the returned scope is open.</summary>
    public static IDisposable Defer()
    {
        Interlocked.Increment(ref s_deferrals);
        return new Deferral();
    }

    public void Dispose()
    {
        _onInt.Dispose();
        _onTerm.Dispose();
    }

    private static void Exit(PosixSignalContext context, string signal, int exitCode)
    {
        if (Volatile.Read(ref s_deferrals) > 0)
        {
            return;
        }

        context.Cancel = true;
        Console.Error.WriteLine($"dotnet-pipeline: stopped by {signal}");
        Environment.Exit(exitCode);
    }

    private sealed class Deferral : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref s_deferrals);
            }
        }
    }
}
