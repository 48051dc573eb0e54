namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// A process group this tool did not start as a step but uses for a while (a kept task host): the
/// <see cref="GroupWatcher"/> kills it if the tool dies while it holds it, and forgets it — without a signal — after.
/// </summary>
public static class HeldProcessGroups
{
    public static void Hold(int group)
    {
        GroupWatcher.Shared.Prepare();
        GroupWatcher.Shared.Watch(group);
    }

    public static void Forget(int group) => GroupWatcher.Shared.Release(group);
}
