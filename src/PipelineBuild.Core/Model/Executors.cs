namespace PipelineBuild.Core.Model;

/// <summary>The spelling of <see cref="Executor"/> in the pipeline file and on the command line.</summary>
public static class Executors
{
    public static IReadOnlyList<string> Names { get; } = ["local", "swarm", "kubernetes"];

    public static Executor? TryParse(string text) => text switch
    {
        "local" => Executor.Local,
        "swarm" => Executor.Swarm,
        "kubernetes" => Executor.Kubernetes,
        _ => null,
    };

    public static string NameOf(Executor executor) => Names[(int)executor];
}
